package dev.ortrain.gradients;

import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.loss.BinaryCrossEntropyWithLogitsLoss;
import dev.ortrain.loss.CrossEntropyLoss;
import dev.ortrain.loss.L1Loss;
import dev.ortrain.loss.Loss;
import dev.ortrain.loss.MeanSquaredErrorLoss;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Finite-difference checks of every loss, differentiated through the gradient rules of its graph. */
class LossGradientsTest extends GradientCheckCases {
  static final long[] BATCH_TARGETS = {GradientCheck.BATCH};

  static Stream<Arguments> cases() {
    return Stream.of(
        check("CrossEntropy", () -> classes(CrossEntropyLoss.create(), 2, 0, 3)),
        check("CrossEntropy ignore_index", () -> classes(CrossEntropyLoss.create().ignoreIndex(3), 2, 3, 1)),
        check("CrossEntropy label smoothing", () -> classes(CrossEntropyLoss.create().labelSmoothing(0.1f), 2, 0, 3)),
        check("CrossEntropy smoothing and ignore_index",
            () -> classes(CrossEntropyLoss.create().labelSmoothing(0.3f).ignoreIndex(-100), 1, -100, 0)),
        check("CrossEntropy smoothing [N, C, D]", LossGradientsTest::spatial),
        check("MeanSquaredError", () -> elementwise(MeanSquaredErrorLoss.create())),
        check("L1", () -> elementwise(L1Loss.create())),
        check("BinaryCrossEntropyWithLogits", () -> elementwise(BinaryCrossEntropyWithLogitsLoss.create())),
        check("BinaryCrossEntropyWithLogits at logit 0", LossGradientsTest::bceAtZero));
  }

  /** Logits [batch, 4] from a trainable activation, one class index per sample. */
  static GradientCheck classes(Loss loss, long... targets) {
    GradientCheck c = GradientCheck.of(loss.describe());
    String x = c.batchedActivation("x", 4);
    return c.predict(x, TensorType.floats(Shape.batched(4))).loss(loss, BATCH_TARGETS, targets);
  }

  /** Float targets of the prediction's shape; targets stay at least 0.1 away from the prediction (L1's kink). */
  static GradientCheck elementwise(Loss loss) {
    GradientCheck c = GradientCheck.of(loss.describe());
    String x = c.batchedActivation("x", 2, 3);
    float[] targets = new float[(int) GradientCheck.BATCH * 6];
    for (int i = 0; i < targets.length; i++) {
      targets[i] = 0.05f + 0.9f * c.random().nextFloat(); // in (0, 1): valid probabilities for BCE
    }
    return c.predict(x, TensorType.floats(Shape.batched(2, 3)))
        .loss(loss, new long[] {GradientCheck.BATCH, 2, 3}, targets);
  }

  /** The logits themselves are the parameter, one of them exactly 0: the gradient there is σ(0) − y. */
  static GradientCheck bceAtZero() {
    GradientCheck c = GradientCheck.of("bce at 0");
    String logits = c.parameter("logits", new long[] {2, 2}, 0f, 1.5f, -0.5f, 0f);
    return c.predict(logits, TensorType.floats(Shape.of(2, 2)))
        .loss(BinaryCrossEntropyWithLogitsLoss.create(), new long[] {2, 2}, 1f, 0f, 0.3f, 0.2f);
  }

  /** Per-pixel classification: logits [batch, 3, 2], targets [batch, 2]. */
  static GradientCheck spatial() {
    Loss loss = CrossEntropyLoss.create().labelSmoothing(0.2f).ignoreIndex(0);
    GradientCheck c = GradientCheck.of("cross entropy [N, C, D]");
    String x = c.batchedActivation("x", 3, 2);
    return c.predict(x, TensorType.floats(Shape.batched(3, 2)))
        .loss(loss, new long[] {GradientCheck.BATCH, 2}, 1, 2, 0, 2, 1, 1);
  }

}
