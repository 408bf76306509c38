package dev.ortrain.importer;

import dev.ortrain.gradients.GradientBuilder;
import dev.ortrain.gradients.GradientProblem;
import dev.ortrain.gradients.GradientRegistry;
import dev.ortrain.gradients.TrainingRewrite;
import dev.ortrain.graph.Attributes;
import dev.ortrain.graph.DataType;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.graph.Tensors;
import dev.ortrain.onnx.proto.Onnx.GraphProto;
import dev.ortrain.onnx.proto.Onnx.TensorProto;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the backward pass of an imported graph once, against a stand-in loss (the prediction itself),
 * to find at import every node that artifact generation would fail on: an operator without a gradient
 * rule, or a rule that cannot handle the node's attributes or shapes. The training graph is written the way
 * {@code ArtifactBuilder} writes it (parameters as inputs, then the training rewrite), so that what passes
 * here also builds there.
 */
final class TrialDifferentiation {
  private TrialDifferentiation() {}

  static List<GradientProblem> problems(GraphProto typed, String prediction, ParameterSelection.Result params,
      GradientRegistry registry) {
    if (params.trainable().isEmpty()) {
      return List.of();
    }
    GraphBuilder g = GraphBuilder.from(typed);
    List<String> parameters = new ArrayList<>(params.trainable());
    parameters.addAll(params.frozen());
    for (String p : parameters) {
      TensorProto t = g.removeInitializer(p);
      g.input(p, new TensorType(DataType.fromOnnx(t.getDataType()), Shape.of(Tensors.dims(t))));
    }
    // The prediction stands for the loss, with a gradient of ones: no operator of the registry is needed.
    String shape = g.node("Shape").inputs(prediction).output("trial_prediction_shape");
    String one = g.node("ConstantOfShape").inputs(shape)
        .attr(Attributes.of("value", Tensors.floats("one", new long[] {1}, 1f))).output("trial_gradient");
    try {
      TrainingRewrite.apply(g, registry);
    } catch (RuntimeException e) {
      return List.of(new GradientProblem("training form", "", e.getMessage()));
    }
    try {
      return GradientBuilder.problems(g, registry, prediction, one, params.trainable());
    } catch (IllegalArgumentException e) {
      return List.of(new GradientProblem("prediction", prediction, e.getMessage()));
    }
  }
}
