package dev.ortrain.data;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import dev.ortrain.artifacts.ArtifactBuilder;
import dev.ortrain.artifacts.ArtifactPaths;
import dev.ortrain.artifacts.Optimizer;
import dev.ortrain.graph.TensorType;
import dev.ortrain.loss.CrossEntropyLoss;
import dev.ortrain.session.SessionConfig;
import dev.ortrain.session.TrainingSession;
import dev.ortrain.testing.TestModels;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loader's buffers feed ONNX Runtime without copies: tensors are created once per buffer and reused. */
class LoaderTrainingSessionTest {
  @TempDir Path dir;

  static ArrayDataset clusters(int n) {
    FloatBuffer x = ByteBuffer.allocate(n * 16).order(ByteOrder.nativeOrder()).asFloatBuffer();
    LongBuffer y = ByteBuffer.allocate(n * 8).order(ByteOrder.nativeOrder()).asLongBuffer();
    TestModels.data(new Random(3), x, y, n);
    float[] features = new float[n * 4];
    long[] labels = new long[n];
    x.get(0, features);
    y.get(0, labels);
    return ArrayDataset.builder(n).floats("input", features, 4).longs("target", labels).build();
  }

  @Test
  void trainsAnMlpFromPrefetchedBatchesIncludingPartialOnes() {
    ArtifactPaths paths = ArtifactBuilder.forModel(TestModels.mlp(1)).loss(CrossEntropyLoss.create())
        .optimizer(Optimizer.AdamW.defaults()).build().writeTo(dir);
    Map<BatchField, OnnxTensor> tensors = new IdentityHashMap<>();
    try (TrainingSession session = TrainingSession.open(paths, SessionConfig.defaults().withThreads(1), 0.01f);
        DataLoader loader = DataLoader.builder(clusters(100)).batchSize(32).shuffle(true).seed(1).prefetch(2)
            .build()) {
      Map<String, TensorType> inputs = new LinkedHashMap<>();
      for (String name : session.dataInputNames()) {
        inputs.put(name, session.inputType(name).orElseThrow());
      }
      loader.requireCompatibleWith(inputs);
      float firstLoss = Float.NaN;
      float lastLoss = Float.NaN;
      Map<String, OnnxTensor> feed = new HashMap<>();
      for (int epoch = 0; epoch < 15; epoch++) {
        for (Batch batch : loader.restOfEpoch()) {
          for (BatchField f : batch.fields()) {
            feed.put(f.name(), tensors.computeIfAbsent(f, k -> k.spec().isFloat()
                ? session.floatTensor(k.floats(), k.shape()) : session.longTensor(k.longs(), k.shape())));
          }
          float loss = session.trainStep(feed).loss();
          session.optimizerStep();
          session.resetGradients();
          firstLoss = Float.isNaN(firstLoss) ? loss : firstLoss;
          lastLoss = loss;
        }
      }
      assertTrue(firstLoss > 0.8f, "initial loss near ln 3, was " + firstLoss);
      assertTrue(lastLoss < 0.1f, "loss after training should be small, was " + lastLoss);
      // 4 slots (prefetch 2 + filling + held), full and partial views, two fields: created once, then reused.
      assertTrue(tensors.size() <= 16, "tensors created: " + tensors.size());
    } finally {
      tensors.values().forEach(OnnxTensor::close);
    }
  }
}
