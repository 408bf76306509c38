package dev.ortrain.importer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.ortrain.graph.Attributes;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.OnnxModels;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.graph.Tensors;
import dev.ortrain.onnx.proto.Onnx.ModelProto;
import dev.ortrain.onnx.proto.Onnx.OperatorSetIdProto;
import dev.ortrain.onnx.proto.Onnx.ValueInfoProto;
import dev.ortrain.ort.NativeLibrary;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ConvTranspose and Resize output shapes: each inferred shape keeps the batch symbolic, and at a concrete
 * batch it equals the shape ONNX Runtime's kernel produces.
 */
class ResamplingShapesTest {
  private static final long BATCH = 2;

  private final GraphBuilder g = new GraphBuilder("resampling");
  private final Map<String, TensorType> inputs = new LinkedHashMap<>();

  private String input(String name, long... perSample) {
    inputs.put(name, TensorType.floats(Shape.batched(perSample)));
    return g.input(name, inputs.get(name));
  }

  private String weight(String name, long... dims) {
    return g.initializer(Tensors.floats(name, dims, new float[count(dims)]));
  }

  private String floats(String name, float... values) {
    return g.initializer(Tensors.floats(name, new long[] {values.length}, values));
  }

  /** Our shape of {@code value}, after checking it against ONNX Runtime's at batch {@link #BATCH}. */
  private String inferred(String value, long opset) throws OrtException {
    ShapeInference s = ShapeInference.run(g.build(), opset, inputs, Map.of());
    assertEquals(Map.of(), s.failures());
    Shape ours = s.type(value).shape();
    assertEquals(Shape.BATCH, ours.symbol(0), "the batch stays symbolic: " + ours);
    assertArrayEquals(ortShape(value, opset), ours.resolve(BATCH), "ours " + ours);
    return ours.toString();
  }

  private long[] ortShape(String value, long opset) throws OrtException {
    g.output(ValueInfoProto.newBuilder().setName(value).build());
    ModelProto model = OnnxModels.model(g.build(), Map.of());
    model = model.toBuilder().setOpsetImport(0, OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
        .setIrVersion(opset >= 18 ? 8 : model.getIrVersion()).build();
    OrtEnvironment env = NativeLibrary.environment();
    List<OnnxTensor> feeds = new ArrayList<>();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        OrtSession session = env.createSession(model.toByteArray(), options)) {
      Map<String, OnnxTensor> feed = new LinkedHashMap<>();
      for (Map.Entry<String, TensorType> e : inputs.entrySet()) {
        long[] dims = e.getValue().shape().resolve(BATCH);
        OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.allocate(count(dims)), dims);
        feeds.add(t);
        feed.put(e.getKey(), t);
      }
      try (OrtSession.Result r = session.run(feed, java.util.Set.of(value))) {
        return ((TensorInfo) r.get(0).getInfo()).getShape();
      }
    } finally {
      feeds.forEach(OnnxTensor::close);
    }
  }

  @Test
  void convTransposeStridePadsAndOutputPadding() throws OrtException {
    input("x", 2, 3, 3);
    g.node("ConvTranspose").inputs("x", weight("w", 2, 3, 3, 3)).ints("strides", 2, 2).ints("pads", 1, 1, 1, 1)
        .ints("output_padding", 1, 1).outputs("y");
    assertEquals("[batch, 3, 6, 6]", inferred("y", 17));
  }

  @Test
  void convTransposeGroupsMultiplyTheWeightsChannels() throws OrtException {
    input("x", 4, 3, 5);
    g.node("ConvTranspose").inputs("x", weight("w", 4, 3, 2, 3)).attr("group", 2L).ints("dilations", 2, 1)
        .outputs("y");
    assertEquals("[batch, 6, 5, 7]", inferred("y", 17));
  }

  @Test
  void convTranspose1dWithBias() throws OrtException {
    input("x", 2, 5);
    g.node("ConvTranspose").inputs("x", weight("w", 2, 4, 3), weight("b", 4)).ints("strides", 3)
        .ints("pads", 0, 2).outputs("y");
    assertEquals("[batch, 4, 13]", inferred("y", 17));
  }

  @Test
  void convTransposeOutputShapeWins() throws OrtException {
    input("x", 2, 3, 3);
    g.node("ConvTranspose").inputs("x", weight("w", 2, 2, 3, 3)).ints("strides", 2, 2).ints("output_shape", 6, 5)
        .outputs("y");
    assertEquals("[batch, 2, 6, 5]", inferred("y", 17));
  }

  @Test
  void resizeByScalesTruncatesTheProduct() throws OrtException {
    input("x", 3, 4, 5);
    g.node("Resize").inputs("x", "", floats("scales", 1, 1, 2, 1.5f)).attr("mode", "linear").outputs("y");
    assertEquals("[batch, 3, 8, 7]", inferred("y", 17));
  }

  @Test
  void resizeByScalesOfAConstantNode() throws OrtException {
    input("x", 3, 4, 5);
    g.node("Constant").attr(Attributes.of("value", Tensors.floats("s", new long[] {4}, 1, 1, 2, 2)))
        .outputs("scales");
    g.node("Resize").inputs("x", "", "scales").attr("mode", "nearest")
        .attr("coordinate_transformation_mode", "asymmetric").attr("nearest_mode", "floor").outputs("y");
    assertEquals("[batch, 3, 8, 10]", inferred("y", 17));
  }

  @Test
  void resizeByScalesConcatenatedFromConstants() throws OrtException {
    input("x", 3, 4, 5);
    g.node("Constant").attr(Attributes.floats("value_floats", 1, 1)).outputs("ones");
    g.node("Constant").attr(Attributes.of("value", Tensors.floats("s", new long[] {2}, 2, 3))).outputs("factors");
    g.node("Concat").inputs("ones", "factors").attr("axis", 0L).outputs("scales");
    g.node("Resize").inputs("x", "", "scales").attr("mode", "linear").outputs("y");
    assertEquals("[batch, 3, 8, 15]", inferred("y", 17));
  }

  @Test
  void resizeToSizesComputedFromTheInputsShape() throws OrtException {
    input("x", 3, 4, 5);
    g.node("Shape").inputs("x").attr("end", 2L).outputs("batch_and_channels");
    g.node("Concat").inputs("batch_and_channels", g.initializer(Tensors.int64s("hw", new long[] {2}, 7, 3)))
        .attr("axis", 0L).outputs("sizes");
    g.node("Resize").inputs("x", "", "", "sizes").attr("mode", "linear").outputs("y");
    assertEquals("[batch, 3, 7, 3]", inferred("y", 17));
  }

  @Test
  void resize18ScalesTheAxesItNames() throws OrtException {
    input("x", 3, 4, 5);
    g.node("Resize").inputs("x", "", floats("scales", 3, 2)).ints("axes", 2, 3).outputs("y");
    assertEquals("[batch, 3, 12, 10]", inferred("y", 18));
  }

  @Test
  void runtimeScalesAreReportedWithTheNode() {
    input("x", 3, 4, 5);
    inputs.put("scales", TensorType.floats(Shape.of(4)));
    g.input("scales", inputs.get("scales"));
    g.node("Resize").name("up").inputs("x", "", "scales").outputs("y");
    ShapeInference s = ShapeInference.run(g.build(), 17, inputs, Map.of());
    String problem = s.failures().get("up");
    assertTrue(problem != null && problem.contains("Resize node 'up'") && problem.contains("computed at run time"),
        String.valueOf(problem));
  }

  private static int count(long[] dims) {
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    return Math.toIntExact(n);
  }
}
