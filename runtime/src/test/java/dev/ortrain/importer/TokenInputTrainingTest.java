package dev.ortrain.importer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.ortrain.artifacts.ForwardModel;
import dev.ortrain.data.ArrayDataset;
import dev.ortrain.graph.Attributes;
import dev.ortrain.graph.Tensors;
import dev.ortrain.importer.FamilyFixture.Export;
import dev.ortrain.loop.FitResult;
import dev.ortrain.loop.Trainer;
import dev.ortrain.loop.TrainerConfig;
import dev.ortrain.loss.CrossEntropyLoss;
import dev.ortrain.loss.Loss;
import dev.ortrain.onnx.proto.Onnx.GraphProto;
import dev.ortrain.onnx.proto.Onnx.ModelProto;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Token ids (int64) go the whole way: an int64 dataset field, the loader's batches, the training session,
 * and the exported inference model, which takes int64 tokens too.
 */
class TokenInputTrainingTest {
  private static final int SAMPLES = 64;
  private static final int LENGTH = 6;
  private static final int VOCAB = 20;

  @TempDir Path dir;

  @Test
  void aTransformerOnTokenIdsTrainsAndExportsWithAnInt64Input() throws OrtException {
    ForwardModel model = OnnxModelImporter.load(FamilyFixture.load("transformer").model(Export.TRAINING))
        .toForwardModel();
    ArrayDataset tokens = tokens(new Random(3));
    TrainerConfig config = TrainerConfig.builder().epochs(8).batchSize(16).seed(5).learningRate(3e-3f).build();
    FitResult result;
    Path exported = dir.resolve("transformer.onnx");
    try (Trainer trainer = Trainer.builder().config(config).model(model).loss(CrossEntropyLoss.create())
        .trainData(tokens).runDirectory(dir.resolve("run")).log(line -> { }).build()) {
      result = trainer.fit();
      trainer.exportInferenceModel(exported);
    }
    double first = result.history().get(0).get("train_loss");
    double last = result.history().get(result.history().size() - 1).get("train_loss");
    assertTrue(last < 0.7 * first, "the label is the first token's parity; the loss should fall: " + first
        + " -> " + last);

    OrtEnvironment env = OrtEnvironment.getEnvironment();
    long[] ids = new long[2 * LENGTH];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = 1 + i % (VOCAB - 1);
    }
    try (OrtSession session = env.createSession(exported.toString(), new OrtSession.SessionOptions());
        OnnxTensor input = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), new long[] {2, LENGTH});
        OrtSession.Result out = session.run(Map.of("input", input))) {
      assertEquals(OnnxJavaType.INT64, ((TensorInfo) session.getInputInfo().get("input").getInfo()).type);
      assertArrayEquals(new long[] {2, 3}, ((OnnxTensor) out.get(0)).getInfo().getShape());
    }
  }

  /**
   * The same export with its six Dropout ratios set to 0.1 (attention probabilities [batch, 4, 6, 6],
   * feed-forward and residual activations): the masks are drawn by the session for every shape, and the
   * model still learns the task.
   */
  @Test
  void anImportedTransformerWithDropoutTrains() throws java.io.IOException {
    ModelProto exported = ModelProto.parseFrom(java.nio.file.Files.readAllBytes(
        FamilyFixture.load("transformer").model(Export.TRAINING)));
    Path file = TestModels.write(withDropoutRatio(exported, 0.1f), dir, "dropout.onnx");
    ForwardModel model = OnnxModelImporter.load(file).toForwardModel();
    TrainerConfig config = TrainerConfig.builder().epochs(8).batchSize(16).seed(5).learningRate(3e-3f).build();
    FitResult result;
    try (Trainer trainer = Trainer.builder().config(config).model(model).loss(CrossEntropyLoss.create())
        .trainData(tokens(new Random(3))).runDirectory(dir.resolve("run")).log(line -> { }).build()) {
      result = trainer.fit();
    }
    double first = result.history().get(0).get("train_loss");
    double last = result.history().get(result.history().size() - 1).get("train_loss");
    assertTrue(Double.isFinite(last) && last < 0.8 * first, first + " -> " + last);
  }

  private static ModelProto withDropoutRatio(ModelProto model, float ratio) {
    GraphProto.Builder g = model.getGraph().toBuilder();
    java.util.Set<String> ratios = new java.util.HashSet<>();
    g.getNodeList().stream().filter(n -> n.getOpType().equals("Dropout")).forEach(n -> ratios.add(n.getInput(1)));
    int changed = 0;
    for (int i = 0; i < g.getNodeCount(); i++) {
      NodeProto n = g.getNode(i);
      if (n.getOpType().equals("Constant") && ratios.contains(n.getOutput(0))) {
        g.setNode(i, n.toBuilder().clearAttribute()
            .addAttribute(Attributes.of("value", Tensors.floats("ratio", new long[0], ratio))));
        changed++;
      }
    }
    assertEquals(6, changed, "ratio constants");
    return model.toBuilder().setGraph(g).build();
  }

  /** Random token sequences whose class is the parity of the first token, with padding (0) at the end. */
  private static ArrayDataset tokens(Random random) {
    long[] ids = new long[SAMPLES * LENGTH];
    long[] labels = new long[SAMPLES];
    for (int s = 0; s < SAMPLES; s++) {
      int padding = s % 3;
      for (int t = 0; t < LENGTH; t++) {
        ids[s * LENGTH + t] = t < LENGTH - padding ? 1 + random.nextInt(VOCAB - 1) : 0;
      }
      labels[s] = ids[s * LENGTH] % 2;
    }
    return ArrayDataset.builder(SAMPLES).longs("input", ids, LENGTH).longs(Loss.TARGET, labels).build();
  }
}
