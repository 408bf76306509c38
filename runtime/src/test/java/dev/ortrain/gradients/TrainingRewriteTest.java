package dev.ortrain.gradients;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.ortrain.artifacts.ArtifactBuilder;
import dev.ortrain.artifacts.ArtifactPaths;
import dev.ortrain.artifacts.ForwardModel;
import dev.ortrain.graph.Attributes;
import dev.ortrain.graph.DataType;
import dev.ortrain.graph.Domains;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.OnnxModels;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.graph.Tensors;
import dev.ortrain.loss.MeanSquaredErrorLoss;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import dev.ortrain.onnx.proto.Onnx.ValueInfoProto;
import dev.ortrain.ort.NativeLibrary;
import dev.ortrain.session.SessionConfig;
import dev.ortrain.session.StepResult;
import dev.ortrain.session.TrainingSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training-mode rewrites of Dropout and BatchNormalization. */
class TrainingRewriteTest {
  static final TensorType ACTIVATION = TensorType.floats(Shape.batched(2, 3));

  @TempDir Path dir;

  @Test
  void dropoutBecomesAMultiplicationByAFedMask() {
    GraphBuilder g = new GraphBuilder("g");
    g.input("x", ACTIVATION);
    g.initializer(Tensors.floats("ratio", new long[0], 0.25f));
    g.node("Dropout").name("drop").inputs("x", "ratio").outputs("y");
    g.valueType("y", ACTIVATION);

    List<DropoutMask> masks = TrainingRewrite.apply(g);

    assertEquals(List.of(new DropoutMask("y.mask", 0.25f, ACTIVATION)), masks);
    assertTrue(g.inputs().stream().map(ValueInfoProto::getName).anyMatch("y.mask"::equals));
    assertTrue(g.nodes().stream().noneMatch(n -> n.getOpType().equals("Dropout")));
    NodeProto last = g.nodes().get(g.nodes().size() - 1);
    assertEquals("Mul", last.getOpType());
    assertEquals("y", last.getOutput(0));
    assertArrayEquals(new float[] {1f / 0.75f}, Tensors.toFloats(g.initializerOf(last.getInput(1))));
  }

  /** Exporters keep nn.Dropout(0.0) with a mask output nobody reads: no mask is fed for it. */
  @Test
  void dropoutOfRatioZeroIsAnIdentityUnlessItsMaskIsRead() {
    GraphBuilder g = new GraphBuilder("g");
    g.input("x", ACTIVATION);
    g.initializer(Tensors.floats("zero", new long[0], 0f));
    g.node("Dropout").name("unread").inputs("x", "zero").outputs("a", "a_mask");
    g.valueType("a", ACTIVATION);
    g.node("Dropout").name("read").inputs("a", "zero").outputs("b", "b_mask");
    g.node("Cast").inputs("b_mask").attr("to", (long) DataType.FLOAT.onnxCode()).outputs("kept");

    List<DropoutMask> masks = TrainingRewrite.apply(g);

    assertEquals(List.of(new DropoutMask("b.mask", 0f, ACTIVATION)), masks);
    NodeProto unread = g.nodes().stream().filter(n -> n.getName().equals("unread")).findFirst().orElseThrow();
    assertEquals("Identity", unread.getOpType());
    assertEquals(List.of("a"), unread.getOutputList());
  }

  @Test
  void dropoutRatioComesFromTheAttributeOfOldOpsetsOrDefaultsToOneHalf() {
    GraphBuilder g = new GraphBuilder("g");
    g.input("x", ACTIVATION);
    g.node("Dropout").inputs("x").attr("ratio", 0.3f).outputs("a");
    g.node("Dropout").inputs("a").outputs("b", "b_mask");
    List<DropoutMask> masks = TrainingRewrite.apply(g);
    assertEquals(0.3f, masks.get(0).ratio());
    assertEquals(DropoutRewrite.DEFAULT_RATIO, masks.get(1).ratio());
    // Dropout's boolean mask output now comes from the fed mask.
    NodeProto cast = g.nodes().stream().filter(n -> n.getOutputList().contains("b_mask")).findFirst().orElseThrow();
    assertEquals("Cast", cast.getOpType());
    assertEquals(List.of("b.mask"), cast.getInputList());
  }

  @Test
  void dropoutNeedsAConstantRatio() {
    GraphBuilder g = new GraphBuilder("g");
    g.input("x", ACTIVATION);
    g.input("r", TensorType.floats(Shape.of()));
    g.node("Dropout").name("drop").inputs("x", "r").outputs("y");
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
        () -> TrainingRewrite.apply(g));
    assertTrue(e.getMessage().contains("constant ratio"), e.getMessage());
  }

  @Test
  void dropoutRatioMustBeBelowOne() {
    GraphBuilder g = new GraphBuilder("g");
    g.input("x", ACTIVATION);
    g.node("Dropout").name("drop").inputs("x", g.scalar("ratio", 1f)).outputs("y");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingRewrite.apply(g));
    assertTrue(e.getMessage().contains("[0, 1)"), e.getMessage());
  }

  /** In training the fed mask and the 1/(1 − ratio) scale apply; the eval model keeps inference dropout. */
  @Test
  void trainingAppliesTheFedMaskAndEvalDoesNot() throws OrtException {
    GraphBuilder g = new GraphBuilder("dropout");
    g.input("x", TensorType.floats(Shape.batched(4)));
    g.initializer(Tensors.floats("w", new long[] {4}, 1f, 1f, 1f, 1f));
    g.node("Mul").inputs("x", "w").outputs("h");
    g.valueType("h", TensorType.floats(Shape.batched(4)));
    g.node("Dropout").inputs("h", g.scalar("ratio", 0.5f)).outputs("prediction");
    g.output("prediction", TensorType.floats(Shape.batched(4)));
    ForwardModel model = new ForwardModel(OnnxModels.model(g.build(), Map.of()), "prediction", List.of("w"),
        List.of());
    ArtifactPaths paths = ArtifactBuilder.forModel(model).loss(MeanSquaredErrorLoss.create()).build().writeTo(dir);
    OrtEnvironment env = NativeLibrary.environment();
    float[] x = {1, 2, 3, 4, 5, 6, 7, 8};
    float[] mask = {1, 0, 0, 1, 0, 1, 1, 1};
    long[] dims = {2, 4};
    try (TrainingSession s = TrainingSession.open(paths, SessionConfig.defaults().withThreads(1), 0f);
        OnnxTensor xt = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), dims);
        OnnxTensor mt = OnnxTensor.createTensor(env, FloatBuffer.wrap(mask), dims);
        OnnxTensor tt = OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[8]), dims)) {
      assertTrue(s.trainInputNames().contains("prediction.mask"));
      assertEquals(List.of("x", "target"), s.dataInputNames(), "masks are fed by the session unless given");
      Map<String, OnnxTensor> train = new LinkedHashMap<>();
      train.put("x", xt);
      train.put("target", tt);
      train.put("prediction.mask", mt);
      StepResult trained = s.trainStep(train);
      assertArrayEquals(new float[] {2, 0, 0, 8, 0, 12, 14, 16}, trained.prediction(), 1e-6f);
      Map<String, OnnxTensor> eval = new LinkedHashMap<>();
      eval.put("x", xt);
      eval.put("target", tt);
      assertArrayEquals(x, s.evalStep(eval).prediction(), 1e-6f);
    }
  }

  @Test
  void batchNormalizationTrainsWithBatchStatisticsAndWritesBackRunningOnes() {
    GraphBuilder g = batchNormGraph(true);
    TrainingRewrite.apply(g);
    NodeProto bn = g.nodes().get(0);
    assertEquals("BatchNormInternal", bn.getOpType());
    assertEquals(Domains.MICROSOFT, bn.getDomain());
    assertEquals(5, bn.getOutputCount());
    assertEquals(1L, Attributes.getInt(bn, "training_mode", 0));
    assertEquals(0.9f, Attributes.getFloat(bn, "momentum", 0));
    assertEquals(1e-3f, Attributes.getFloat(bn, "epsilon", 0));
    List<NodeProto> updates = g.nodes().subList(1, 3);
    for (int i = 0; i < 2; i++) {
      NodeProto u = updates.get(i);
      assertEquals("InPlaceAccumulatorV2", u.getOpType());
      assertEquals(List.of(bn.getInput(3 + i), bn.getOutput(1 + i)), u.getInputList().subList(0, 2));
      var flag = g.initializerOf(u.getInput(2));
      assertEquals(DataType.BOOL.onnxCode(), flag.getDataType());
      assertEquals(1, flag.getRawData().byteAt(0), "the overwrite flag is always true");
    }
  }

  @Test
  void batchNormalizationNeedsRunningStatisticsAsFrozenParameters() {
    GraphBuilder g = batchNormGraph(false);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingRewrite.apply(g));
    assertTrue(e.getMessage().contains("frozen parameter"), e.getMessage());
  }

  /** BatchNormalization over [batch, 2]; running statistics as graph inputs (parameters) or constants. */
  static GraphBuilder batchNormGraph(boolean statisticsAreParameters) {
    GraphBuilder g = new GraphBuilder("bn");
    TensorType channel = TensorType.floats(Shape.of(2));
    g.input("x", TensorType.floats(Shape.batched(2)));
    g.input("scale", channel);
    g.input("bias", channel);
    if (statisticsAreParameters) {
      g.input("mean", channel);
      g.input("var", channel);
    } else {
      g.initializer(Tensors.floats("mean", new long[] {2}, 0f, 0f));
      g.initializer(Tensors.floats("var", new long[] {2}, 1f, 1f));
    }
    g.node("BatchNormalization").name("bn").inputs("x", "scale", "bias", "mean", "var").attr("epsilon", 1e-3f)
        .outputs("y");
    return g;
  }
}
