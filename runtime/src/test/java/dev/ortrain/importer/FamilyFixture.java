package dev.ortrain.importer;

import dev.ortrain.graph.DataType;
import dev.ortrain.graph.Tensors;
import dev.ortrain.onnx.proto.Onnx.TensorProto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One model family exported by src/test/python/make_family_fixtures.py: its exports (training-mode,
 * eval-mode, dynamo), three fixed batches, and PyTorch's losses over three SGD and three AdamW steps and
 * its first-batch gradients.
 */
record FamilyFixture(String family, Path dir, List<Batch> batches, float[] sgdLosses, float[] adamwLosses,
    Map<String, float[]> gradients) {
  /** Plain SGD's learning rate in the script. */
  static final float SGD_LR = 0.1f;
  /** AdamW's learning rate in the script (PyTorch's other defaults, as ortrain's). */
  static final float ADAMW_LR = 0.01f;

  /** The exporter settings of the script, one file each. */
  enum Export {
    TRAINING("training.onnx"), EVAL("eval.onnx"), DYNAMO("dynamo.onnx"),
    DYNAMO_UNOPTIMIZED("dynamo_unoptimized.onnx");

    final String file;

    Export(String file) {
      this.file = file;
    }
  }

  record Batch(TensorProto input, TensorProto target) {
    boolean classification() {
      return target.getDataType() == DataType.INT64.onnxCode();
    }
  }

  static FamilyFixture load(String family) {
    Path dir = PyTorchFixture.resourceDir("pytorch/families/" + family);
    List<Batch> batches = new ArrayList<>();
    for (int k = 0; Files.isDirectory(dir.resolve("batch" + k)); k++) {
      Path b = dir.resolve("batch" + k);
      batches.add(new Batch(PyTorchFixture.read(b.resolve("input.pb")), PyTorchFixture.read(b.resolve("target.pb"))));
    }
    Map<String, float[]> grads = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir.resolve("gradients"))) {
      files.forEach(f -> grads.put(f.getFileName().toString().replaceAll("\\.pb$", ""),
          Tensors.toFloats(PyTorchFixture.read(f))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new FamilyFixture(family, dir, batches, losses(dir, "sgd_losses.pb"), losses(dir, "adamw_losses.pb"),
        grads);
  }

  private static float[] losses(Path dir, String file) {
    return Tensors.toFloats(PyTorchFixture.read(dir.resolve(file)));
  }

  Path model(Export export) {
    return dir.resolve(export.file);
  }

  boolean has(Export export) {
    return Files.isRegularFile(model(export));
  }
}
