package dev.ortrain.importer;

import dev.ortrain.graph.Tensors;
import dev.ortrain.onnx.proto.Onnx.TensorProto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A model exported by src/test/python/make_pytorch_fixtures.py with PyTorch's reference values for one
 * batch: logits, mean cross-entropy and the gradient of every parameter.
 */
record PyTorchFixture(Path model, TensorProto input, TensorProto target, TensorProto logits, float loss,
    Map<String, float[]> gradients) {

  static PyTorchFixture load(String name) {
    Path dir = resourceDir("pytorch/" + name);
    Path ref = dir.resolve("reference");
    Map<String, float[]> grads = new TreeMap<>();
    try (Stream<Path> files = Files.list(ref.resolve("gradients"))) {
      files.forEach(f -> grads.put(f.getFileName().toString().replaceAll("\\.pb$", ""), Tensors.toFloats(read(f))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new PyTorchFixture(dir.resolve("model.onnx"), read(ref.resolve("input.pb")),
        read(ref.resolve("target.pb")), read(ref.resolve("logits.pb")),
        Tensors.toFloats(read(ref.resolve("loss.pb")))[0], grads);
  }

  static Path resourceDir(String name) {
    try {
      return Path.of(PyTorchFixture.class.getClassLoader().getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static TensorProto read(Path file) {
    try {
      return TensorProto.parseFrom(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
