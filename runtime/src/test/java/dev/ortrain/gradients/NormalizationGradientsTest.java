package dev.ortrain.gradients;

import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.graph.Tensors;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Finite-difference checks of batch normalization (training form, batch statistics), layer normalization
 * and dropout with a fed mask. The loss is differentiated through the training model's own forward pass.
 */
class NormalizationGradientsTest extends GradientCheckCases {
  static Stream<Arguments> cases() {
    return Stream.of(
        check("BatchNormalization 2-D", () -> batchNorm("BatchNorm2d", 2, 3, 3)),
        check("BatchNormalization 1-D", () -> batchNorm("BatchNorm1d", 4)),
        check("LayerNormalization last axis", () -> layerNorm("LayerNorm last", -1, true, 2, 4)),
        check("LayerNormalization axis 1 without bias", () -> layerNorm("LayerNorm axis 1", 1, false, 2, 3)),
        check("Dropout ratio 0.25", () -> dropout("Dropout", 0.25f)),
        check("Dropout default ratio", () -> dropout("Dropout default", null)));
  }

  static GradientCheck batchNorm(String label, long... perSample) {
    GradientCheck c = GradientCheck.of(label).trainingModeForward();
    long channels = perSample[0];
    String x = c.batchedActivation("x", perSample);
    String scale = c.parameter("bn.scale", channels);
    String bias = c.parameter("bn.bias", channels);
    float[] mean = new float[(int) channels];
    float[] variance = new float[(int) channels];
    Arrays.fill(variance, 1f);
    String runningMean = c.frozenParameter("bn.running_mean", new long[] {channels}, mean);
    String runningVar = c.frozenParameter("bn.running_var", new long[] {channels}, variance);
    c.graph().node("BatchNormalization").inputs(x, scale, bias, runningMean, runningVar)
        .attr("epsilon", 1e-3f).outputs("y");
    return c.predict("y", TensorType.floats(Shape.batched(perSample)));
  }

  static GradientCheck layerNorm(String label, long axis, boolean withBias, long... perSample) {
    GradientCheck c = GradientCheck.of(label);
    String x = c.batchedActivation("x", perSample);
    long[] normalized = axis < 0
        ? new long[] {perSample[perSample.length - 1]}
        : Arrays.copyOfRange(perSample, (int) axis - 1, perSample.length);
    String scale = c.parameter("ln.scale", normalized);
    GraphBuilder.NodeBuilder n = c.graph().node("LayerNormalization").attr("axis", axis);
    if (withBias) {
      n.inputs(x, scale, c.parameter("ln.bias", normalized));
    } else {
      n.inputs(x, scale);
    }
    n.outputs("y");
    return c.predict("y", TensorType.floats(Shape.batched(perSample)));
  }

  /** Dropout between two trainable layers, with a fixed mask fed to the training model. */
  static GradientCheck dropout(String label, Float ratio) {
    GradientCheck c = GradientCheck.of(label).trainingModeForward();
    GraphBuilder g = c.graph();
    String x = c.batchedActivation("x", 2, 3);
    if (ratio == null) {
      g.node("Dropout").inputs(x).outputs("dropped");
    } else {
      g.initializer(Tensors.floats("ratio", new long[0], ratio));
      g.node("Dropout").inputs(x, "ratio").outputs("dropped");
    }
    g.valueType("dropped", TensorType.floats(Shape.batched(2, 3)));
    g.node("Mul").inputs("dropped", c.parameter("after", 3)).outputs("y");
    float[] mask = {1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1};
    c.trainingInput("dropped.mask", new long[] {GradientCheck.BATCH, 2, 3}, mask);
    return c.predict("y", TensorType.floats(Shape.batched(2, 3)));
  }

}
