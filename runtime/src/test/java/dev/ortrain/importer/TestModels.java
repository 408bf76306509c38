package dev.ortrain.importer;

import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.OnnxModels;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.graph.Tensors;
import dev.ortrain.onnx.proto.Onnx.ModelProto;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/** Small forward models, built the way exporters write them (parameters as initializers, no value_info). */
final class TestModels {
  private TestModels() {}

  /** input[batch, 4] → Gemm(fc1) → Relu → Gemm(fc2) → logits[batch, 3]. */
  static GraphBuilder mlp() {
    GraphBuilder g = new GraphBuilder("mlp");
    g.input("input", TensorType.floats(Shape.batched(4)));
    g.initializer(Tensors.floats("fc1.weight", new long[] {8, 4}, random(32, 1)));
    g.initializer(Tensors.floats("fc1.bias", new long[] {8}, random(8, 2)));
    g.initializer(Tensors.floats("fc2.weight", new long[] {3, 8}, random(24, 3)));
    g.initializer(Tensors.floats("fc2.bias", new long[] {3}, random(3, 4)));
    g.node("Gemm").name("fc1").inputs("input", "fc1.weight", "fc1.bias").attr("transB", 1L).outputs("h");
    g.node("Relu").name("relu").inputs("h").outputs("h_relu");
    g.node("Gemm").name("fc2").inputs("h_relu", "fc2.weight", "fc2.bias").attr("transB", 1L).outputs("logits");
    return g;
  }

  static ModelProto model(GraphBuilder g, String... outputs) {
    for (String o : outputs) {
      g.output(o, TensorType.floats(Shape.batched(3)));
    }
    return OnnxModels.model(g.build(), Map.of());
  }

  static ModelProto withOpset(ModelProto m, long opset) {
    ModelProto.Builder b = m.toBuilder();
    b.setOpsetImport(0, b.getOpsetImport(0).toBuilder().setVersion(opset));
    return b.build();
  }

  static Path write(ModelProto m, Path dir, String fileName) {
    Path file = dir.resolve(fileName);
    OnnxModels.write(m, file);
    return file;
  }

  static float[] random(int n, long seed) {
    Random r = new Random(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) r.nextGaussian() * 0.5f;
    }
    return v;
  }
}
