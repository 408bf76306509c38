package dev.ortrain.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.onnxruntime.OnnxTensor;
import dev.ortrain.artifacts.ArtifactBuilder;
import dev.ortrain.artifacts.ArtifactPaths;
import dev.ortrain.artifacts.ForwardModel;
import dev.ortrain.graph.Shape;
import dev.ortrain.loss.CrossEntropyLoss;
import dev.ortrain.session.SessionConfig;
import dev.ortrain.session.TrainingSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LSTM and GRU dropout as PyTorch's dropout=: between stacked layers, in training only. */
class RecurrentDropoutTest {
  private static final int BATCH = 4;
  private static final SessionConfig CONFIG = SessionConfig.defaults().withThreads(1).withSeed(11);

  @TempDir Path dir;

  /** Losses of one fixed batch: two training steps that change no weight, then two evaluations. */
  private record Losses(float train1, float train2, float eval1, float eval2) {}

  /** A classifier of 3 steps of 2 features into 3 classes from the last state of {@code rnn}. */
  private static ForwardModel classifier(Recurrent<?> rnn) {
    return new Module() {
      private final Layer registered = register("rnn", rnn.lastState());
      private final Linear head = register("head", new Linear(8, 3));

      @Override
      protected Tensor forward(Tensor x) {
        return head.apply(registered.apply(x));
      }
    }.build(Shape.batched(3, 2), 5L);
  }

  private Losses losses(String name, ForwardModel model) {
    ArtifactPaths paths = ArtifactBuilder.forModel(model).loss(CrossEntropyLoss.create()).build()
        .writeTo(dir.resolve(name));
    FloatBuffer x = ByteBuffer.allocateDirect(BATCH * 6 * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    LongBuffer y = ByteBuffer.allocateDirect(BATCH * 8).order(ByteOrder.nativeOrder()).asLongBuffer();
    for (int i = 0; i < BATCH * 6; i++) {
      x.put(i, (float) Math.sin(i * 0.7));
    }
    for (int i = 0; i < BATCH; i++) {
      y.put(i, i % 3);
    }
    try (TrainingSession s = TrainingSession.open(paths, CONFIG, 0.1f);
        OnnxTensor xt = s.floatTensor(x, BATCH, 3, 2); OnnxTensor yt = s.longTensor(y, BATCH)) {
      Map<String, OnnxTensor> batch = Map.of("input", xt, "target", yt);
      float train1 = s.trainStep(batch).loss();
      s.resetGradients();
      float train2 = s.trainStep(batch).loss();
      s.resetGradients();
      return new Losses(train1, train2, s.evalStep(batch).loss(), s.evalStep(batch).loss());
    }
  }

  @Test
  void dropoutDrawsNewMasksEachTrainingStepAndNoneInEvaluation() {
    for (boolean lstm : new boolean[] {true, false}) {
      Recurrent<?> plain = lstm ? new LSTM(2, 4, 3).bidirectional() : new GRU(2, 4, 3).bidirectional();
      Recurrent<?> dropped = lstm ? new LSTM(2, 4, 3).bidirectional().dropout(0.5f)
          : new GRU(2, 4, 3).bidirectional().dropout(0.5f);
      Losses without = losses((lstm ? "lstm" : "gru") + "-plain", classifier(plain));
      Losses with = losses((lstm ? "lstm" : "gru") + "-dropout", classifier(dropped));
      assertEquals(without.train1(), without.train2(), "no dropout: the same batch, the same loss");
      assertNotEquals(with.train1(), with.train2(), "each training step draws its own masks");
      assertNotEquals(without.train1(), with.train1(), "training drops outputs");
      assertEquals(without.eval1(), with.eval1(), "evaluation drops nothing: the same weights, the same loss");
      assertEquals(with.eval1(), with.eval2());
      assertEquals(without.train1(), without.eval1(), 1e-6f);
    }
  }

  @Test
  void dropoutFollowsEveryLayerButTheTop() {
    ForwardModel m = classifier(new LSTM(2, 4, 3).bidirectional().dropout(0.25f));
    assertEquals(2, m.model().getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Dropout")).count());
    ForwardModel none = classifier(new LSTM(2, 4, 3).bidirectional());
    assertEquals(0, none.model().getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Dropout"))
        .count());
  }

  @Test
  void dropoutSaysWhatIsWrong() {
    assertEquals("LSTM 2->4 layers 2 bidirectional dropout 0.5 last state",
        new LSTM(2, 4, 2).bidirectional().dropout(0.5f).lastState().describe());
    var single = assertThrows(IllegalArgumentException.class, () -> new GRU(2, 4).dropout(0.2f));
    assertEquals("GRU drops out between stacked layers, but has one layer, so dropout 0.2 would do nothing;"
        + " stack layers (num_layers >= 2) or put a Dropout after the layer", single.getMessage());
    var ratio = assertThrows(IllegalArgumentException.class, () -> new LSTM(2, 4, 2).dropout(1f));
    assertEquals("LSTM needs a dropout 0 <= p < 1, got 1.0", ratio.getMessage());
  }
}
