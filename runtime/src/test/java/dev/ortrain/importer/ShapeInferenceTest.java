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

  private String scalarInt(String name, long value) {
    return g.initializer(Tensors.int64s(name, new long[0], value));
  }

  /** Slicing a shape carries its contents on; slicing data follows numpy's clamping and negative steps. */
  @Test
  void sliceOfAShapeAndOfData() {
    input("x", 4, 6);
    g.node("Shape").inputs("x").outputs("shape");
    g.node("Slice").inputs("shape", ints("from_one", 1), ints("to_end", Long.MAX_VALUE)).outputs("sample_shape");
    g.node("Concat").inputs(ints("rows", -1), "sample_shape").attr("axis", 0L).outputs("target");
    g.node("Flatten").inputs("x").outputs("flat");
    g.node("Reshape").inputs("flat", "target").outputs("restored");
    g.node("Slice").inputs("x", ints("starts", 0, 1), ints("ends", Long.MAX_VALUE, 4), ints("axes", 0, 2),
        ints("steps", 1, 2)).outputs("strided");
    g.node("Slice").inputs("x", ints("last", -1), ints("before_first", -100), ints("axis1", 1), ints("back", -1))
        .outputs("reversed");
    g.node("Cast").inputs("x").attr("to", 7L).outputs("values"); // int64 data: its contents are unknown
    g.node("Slice").inputs("x", ints("zero", 0), "values", ints("axis2", 2)).outputs("unknown_end");
    ShapeInference s = infer(17);
    assertEquals("[batch, 4, 6]", s.type("restored").shape().toString());
    assertEquals("[batch, 4, 2]", s.type("strided").shape().toString());
    assertEquals("[batch, 4, 6]", s.type("reversed").shape().toString());
    assertTrue(!s.type("unknown_end").shape().isKnown(2), "an end computed at run time gives a symbol");
  }

  @Test
  void splitPadTileAndTrilu() {
    input("x", 6, 4);
    g.node("Split").inputs("x", ints("sizes", 2, 4)).attr("axis", 1L).outputs("two", "four");
    g.node("Split").inputs("x").attr("axis", -1L).outputs("half_a", "half_b");
    g.node("Split").inputs("x").attr("axis", 0L).outputs("batch_a", "batch_b");
    g.node("Pad").inputs("x", ints("pads", 0, 1, 0, 0, 2, 3)).outputs("padded");
    g.node("Pad").inputs("x", ints("axis_pads", 1, 1), "", ints("last_axis", -1)).outputs("padded_axis");
    g.node("Pad").inputs("x", ints("batch_pads", 1, 0, 0, 0, 0, 0)).outputs("padded_batch");
    g.node("Tile").inputs("x", ints("repeats", 1, 2, 3)).outputs("tiled");
    g.node("Tile").inputs("x", ints("batch_repeats", 2, 1, 1)).outputs("tiled_batch");
    g.node("Trilu").inputs("x").attr("upper", 0L).outputs("lower");
    ShapeInference s = infer(18);
    assertEquals("[batch, 2, 4]", s.type("two").shape().toString());
    assertEquals("[batch, 4, 4]", s.type("four").shape().toString());
    assertEquals("[batch, 6, 2]", s.type("half_b").shape().toString());
    assertTrue(!s.type("batch_a").shape().isKnown(0), "half a batch is a new symbol");
    assertEquals("[batch, 9, 7]", s.type("padded").shape().toString());
    assertEquals("[batch, 6, 6]", s.type("padded_axis").shape().toString());
    assertTrue(!s.type("padded_batch").shape().isKnown(0) && !"batch".equals(s.type("padded_batch").shape().symbol(0)));
    assertEquals("[batch, 12, 12]", s.type("tiled").shape().toString());
    assertTrue(!s.type("tiled_batch").shape().isKnown(0) && !"batch".equals(s.type("tiled_batch").shape().symbol(0)));
    assertEquals("[batch, 6, 4]", s.type("lower").shape().toString());
  }

  /** A class token expanded to the batch, positions from Range, and head sizes computed from the shape. */
  @Test
  void expandRangeAndShapeArithmetic() {
    input("x", 6, 8);
    g.initializer(Tensors.floats("cls", new long[] {1, 1, 8}, new float[8]));
    g.node("Shape").inputs("x").outputs("shape");
    g.node("Gather").inputs("shape", scalarInt("first", 0)).outputs("batch_size");
    g.node("Gather").inputs("shape", scalarInt("second", 1)).outputs("length");
    g.node("Gather").inputs("shape", scalarInt("third", 2)).outputs("width");
    g.node("Unsqueeze").inputs("batch_size", ints("axis0", 0)).outputs("batch_1d");
    g.node("Concat").inputs("batch_1d", ints("ones", 1, 1)).attr("axis", 0L).outputs("cls_shape");
    g.node("Expand").inputs("cls", "cls_shape").outputs("tokens");
    g.node("Range").inputs(scalarInt("start", 0), "length", scalarInt("delta", 1)).outputs("positions");
    g.node("Range").inputs(scalarInt("start0", 0), "batch_size", scalarInt("delta1", 1)).outputs("rows");
    g.node("Range").inputs(scalarInt("from", 1), scalarInt("to", 8), scalarInt("by", 3)).outputs("stepped");
    g.node("Div").inputs("width", scalarInt("heads", 4)).outputs("head_size");
    g.node("Mod").inputs("width", scalarInt("three", 3)).outputs("rest");
    g.node("Mul").inputs("batch_size", scalarInt("one", 1)).outputs("same_batch");
    g.node("Unsqueeze").inputs("head_size", ints("axis0b", 0)).outputs("head_1d");
    g.node("Unsqueeze").inputs("rest", ints("axis0c", 0)).outputs("rest_1d");
    g.node("Unsqueeze").inputs("same_batch", ints("axis0d", 0)).outputs("same_batch_1d");
    g.node("Concat").inputs("same_batch_1d", ints("six_four", 6, 4), "head_1d").attr("axis", 0L).outputs("heads_shape");
    g.node("Reshape").inputs("x", "heads_shape").outputs("by_heads");
    g.node("Concat").inputs("rest_1d", ints("tail", -1)).attr("axis", 0L).outputs("rest_shape");
    g.node("Reshape").inputs("x", "rest_shape").outputs("by_rest");
    g.node("ConstantOfShape").inputs("shape").outputs("zeros");
    ShapeInference s = infer(17);
    assertTrue(!s.type("tokens").shape().isKnown(0), s.type("tokens").shape().toString());
    assertEquals("[1, 8]", s.type("tokens").shape().toString().replaceAll("^\\[[^,]*, ", "["));
    assertEquals("[6]", s.type("positions").shape().toString());
    assertEquals("[batch]", s.type("rows").shape().toString());
    assertEquals("[3]", s.type("stepped").shape().toString());
    assertEquals("[batch, 6, 4, 2]", s.type("by_heads").shape().toString());
    assertEquals(2, s.type("by_rest").shape().size(0));
    assertEquals("[batch, 6, 8]", s.type("zeros").shape().toString());
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
