package dev.ortrain.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.graph.Attributes;
import dev.ortrain.graph.DataType;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.graph.Tensors;
import dev.ortrain.onnx.proto.Onnx.GraphProto;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Output shapes of single operators, with the batch dimension symbolic as exported models have it. */
class ShapeInferenceTest {
  private final GraphBuilder g = new GraphBuilder("shapes");
  private final Map<String, TensorType> inputs = new LinkedHashMap<>();

  private String input(String name, long... perSample) {
    inputs.put(name, TensorType.floats(Shape.batched(perSample)));
    return g.input(name, inputs.get(name));
  }

  private String ints(String name, long... values) {
    return g.initializer(Tensors.int64s(name, new long[] {values.length}, values));
  }

  private ShapeInference infer(long opset) {
    GraphProto graph = g.build();
    ShapeInference s = ShapeInference.run(graph, opset, inputs, Map.of());
    assertEquals(Map.of(), s.failures());
    return s;
  }

  private String shape(String value) {
    return shape(value, 17);
  }

  private String shape(String value, long opset) {
    TensorType t = infer(opset).type(value);
    assertTrue(t != null, "no type for " + value);
    return t.shape().toString();
  }

  @Test
  void gemmAndMatMul() {
    input("x", 4);
    g.initializer(Tensors.floats("w", new long[] {3, 4}, new float[12]));
    g.node("Gemm").inputs("x", "w").attr("transB", 1L).outputs("y");
    input("seq", 7, 4);
    g.initializer(Tensors.floats("v", new long[] {4, 5}, new float[20]));
    g.node("MatMul").inputs("seq", "v").outputs("z");
    assertEquals("[batch, 3]", shape("y"));
    assertEquals("[batch, 7, 5]", shape("z"));
  }

  @Test
  void broadcastingArithmetic() {
    input("x", 1, 5);
    g.initializer(Tensors.floats("b", new long[] {3, 1}, new float[3]));
    g.node("Add").inputs("x", "b").outputs("sum");
    g.node("Mul").inputs("sum", g.scalar("two", 2f)).outputs("product");
    g.node("Pow").inputs("product", g.scalar("exponent", 2f)).outputs("squared");
    g.node("Sqrt").inputs("squared").outputs("root");
    g.node("Erf").inputs("root").outputs("erf");
    assertEquals("[batch, 3, 5]", shape("erf"));
  }

  @Test
  void convolutionAndPooling() {
    input("image", 3, 9, 9);
    g.initializer(Tensors.floats("w", new long[] {8, 3, 3, 3}, new float[216]));
    g.node("Conv").inputs("image", "w").ints("pads", 1, 1, 1, 1).ints("strides", 2, 2).outputs("conv");
    g.node("MaxPool").inputs("conv").ints("kernel_shape", 2, 2).ints("strides", 2, 2).attr("ceil_mode", 1L)
        .outputs("pooled", "indices");
    g.node("AveragePool").inputs("conv").ints("kernel_shape", 3, 3).outputs("averaged");
    g.node("GlobalAveragePool").inputs("conv").outputs("global");
    g.node("Flatten").inputs("pooled").outputs("flat");
    ShapeInference s = infer(17);
    assertEquals("[batch, 8, 5, 5]", s.type("conv").shape().toString());
    assertEquals("[batch, 8, 3, 3]", s.type("pooled").shape().toString());
    assertEquals(DataType.INT64, s.type("indices").dataType());
    assertEquals("[batch, 8, 3, 3]", s.type("averaged").shape().toString());
    assertEquals("[batch, 8, 1, 1]", s.type("global").shape().toString());
    assertEquals("[batch, 72]", s.type("flat").shape().toString());
  }

  @Test
  void reshapeWithZeroAndMinusOneKeepsTheBatchSymbol() {
    input("x", 4, 6);
    g.node("Reshape").inputs("x", ints("keep_first", 0, -1)).outputs("a");
    g.node("Reshape").inputs("x", ints("rows", -1, 6)).outputs("b");
    g.node("Reshape").inputs("x", ints("fixed", 2, 2, 6)).outputs("c");
    ShapeInference s = infer(17);
    assertEquals("[batch, 24]", s.type("a").shape().toString());
    assertTrue(!s.type("b").shape().isKnown(0), "batch*4 stays symbolic");
    assertEquals(6, s.type("b").shape().size(1));
    assertEquals("[2, 2, 6]", s.type("c").shape().toString());
  }

  /** x.view(x.size(0), -1) as the TorchScript exporter writes it. */
  @Test
  void reshapeToAShapeComputedFromShape() {
    input("x", 4, 4, 4);
    g.node("Shape").inputs("x").outputs("shape");
    g.node("Gather").inputs("shape", g.initializer(Tensors.int64s("zero", new long[0], 0))).attr("axis", 0L)
        .outputs("batch_size");
    g.node("Unsqueeze").inputs("batch_size", ints("axes", 0)).outputs("batch_1d");
    g.node("Concat").inputs("batch_1d", ints("minus_one", -1)).attr("axis", 0L).outputs("target");
    g.node("Reshape").inputs("x", "target").outputs("flat");
    assertEquals("[batch, 64]", shape("flat"));
  }

  @Test
  void axisOperators() {
    input("x", 1, 5, 2);
    g.node("Transpose").inputs("x").ints("perm", 0, 3, 2, 1).outputs("t");
    g.node("Squeeze").inputs("x", ints("sq_axes", 1)).outputs("squeezed");
    g.node("Unsqueeze").inputs("squeezed", ints("unsq_axes", -1)).outputs("unsqueezed");
    g.node("Concat").inputs("unsqueezed", "unsqueezed").attr("axis", 1L).outputs("joined");
    g.node("Softmax").inputs("joined").attr("axis", -1L).outputs("soft");
    g.node("LogSoftmax").inputs("soft").outputs("logsoft");
    g.node("Identity").inputs("logsoft").outputs("same");
    ShapeInference s = infer(13);
    assertEquals("[batch, 2, 5, 1]", s.type("t").shape().toString());
    assertEquals("[batch, 5, 2]", s.type("squeezed").shape().toString());
    assertEquals("[batch, 5, 2, 1]", s.type("unsqueezed").shape().toString());
    assertEquals("[batch, 10, 2, 1]", s.type("same").shape().toString());
  }

  @Test
  void embeddingsCastsAndConstants() {
    inputs.put("tokens", new TensorType(DataType.INT64, Shape.batched(7)));
    g.input("tokens", inputs.get("tokens"));
    g.initializer(Tensors.floats("table", new long[] {10, 4}, new float[40]));
    g.node("Gather").inputs("table", "tokens").outputs("embedded");
    g.node("Cast").inputs("tokens").attr("to", (long) DataType.FLOAT.onnxCode()).outputs("as_float");
    g.node("Constant").attr(Attributes.of("value", Tensors.floats("c", new long[] {2, 3}, new float[6])))
        .outputs("constant");
    g.node("Shape").inputs("embedded").attr("start", 1L).outputs("tail");
    ShapeInference s = infer(17);
    assertEquals("[batch, 7, 4]", s.type("embedded").shape().toString());
    assertEquals(DataType.FLOAT, s.type("as_float").dataType());
    assertEquals("[2, 3]", s.type("constant").shape().toString());
    assertEquals("[2]", s.type("tail").shape().toString());
  }

  @Test
  void normalizationDropoutAndReductions() {
    input("x", 6, 8);
    g.initializer(Tensors.floats("s", new long[] {8}, new float[8]));
    g.node("LayerNormalization").inputs("x", "s", "s").attr("axis", -1L).outputs("ln", "mean", "inv_std");
    g.initializer(Tensors.floats("c", new long[] {6}, new float[6]));
    g.node("BatchNormalization").inputs("x", "c", "c", "c", "c").outputs("bn");
    g.node("Dropout").inputs("ln").outputs("dropped", "mask");
    g.node("ReduceMean").inputs("x").ints("axes", -1).outputs("mean_keep");
    g.node("ReduceSum").inputs("x", ints("axes", 1)).attr("keepdims", 0L).outputs("sum_drop");
    ShapeInference s = infer(17);
    assertEquals("[batch, 6, 8]", s.type("ln").shape().toString());
    assertEquals("[batch, 6, 1]", s.type("mean").shape().toString());
    assertEquals("[batch, 6, 8]", s.type("bn").shape().toString());
    assertEquals(DataType.BOOL, s.type("mask").dataType());
    assertEquals("[batch, 6, 1]", s.type("mean_keep").shape().toString());
    assertEquals("[batch, 8]", s.type("sum_drop").shape().toString());
  }

  @Test
  void reduceMeanTakesItsAxesAsAnInputFromOpset18() {
    input("x", 6, 8);
    g.node("ReduceMean").inputs("x", ints("axes", 1)).attr("keepdims", 0L).outputs("m");
    assertEquals("[batch, 8]", shape("m", 18));
  }

  @Test
  void aDeclaredShapeThatContradictsInferenceIsReported() {
    input("x", 4);
    g.initializer(Tensors.floats("w", new long[] {3, 4}, new float[12]));
    g.node("Gemm").name("fc").inputs("x", "w").attr("transB", 1L).outputs("y");
    ShapeInference s = ShapeInference.run(g.build(), 17, inputs,
        Map.of("y", TensorType.floats(Shape.batched(5))));
    String problem = s.failures().get("fc");
    assertTrue(problem != null && problem.contains("[batch, 5]") && problem.contains("[batch, 3]"),
        String.valueOf(problem));
  }

  @Test
  void aRuntimeReshapeTargetIsReportedWithItsNode() {
    input("x", 4);
    input("target", 2);
    g.node("Reshape").name("dynamic").inputs("x", "target").outputs("y");
    ShapeInference s = ShapeInference.run(g.build(), 17, inputs, Map.of());
    assertTrue(s.failures().get("dynamic").contains("computed at run time"), s.failures().toString());
  }
}
