package dev.ortrain.artifacts;

import dev.ortrain.onnx.proto.Onnx.ModelProto;
import dev.ortrain.onnx.proto.Onnx.TensorProto;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An inference graph ready to be made trainable: parameters are initializers (as in any exported ONNX
 * model), every value carries its type, and the parameters are split into trainable and frozen ones.
 *
 * @param model the ONNX model; its graph's inputs are the data inputs
 * @param prediction the output the loss is computed from (logits, usually)
 * @param trainable initializers the optimizer updates, in a stable order
 * @param frozen initializers kept as parameters but never updated by the optimizer (for example batch-norm
 *     running statistics, which the training graph itself overwrites)
 */
public record ForwardModel(ModelProto model, String prediction, List<String> trainable, List<String> frozen) {

  public ForwardModel {
    trainable = List.copyOf(trainable);
    frozen = List.copyOf(frozen);
    Set<String> initializers = new HashSet<>();
    for (TensorProto t : model.getGraph().getInitializerList()) {
      initializers.add(t.getName());
    }
    if (!producesValue(model, prediction)) {
      throw new IllegalArgumentException("The prediction '" + prediction + "' is neither a graph input, an"
          + " initializer nor a node output of the model; name one of its values");
    }
    Set<String> seen = new HashSet<>();
    for (String p : concat(trainable, frozen)) {
      if (!initializers.contains(p)) {
        throw new IllegalArgumentException("Parameter '" + p + "' is not an initializer of the model");
      }
      if (!seen.add(p)) {
        throw new IllegalArgumentException("Parameter '" + p + "' is listed twice (trainable and frozen?)");
      }
      if (p.endsWith("_grad") || p.endsWith("_grad.accumulation.buffer") || p.endsWith("_grad.accumulation.out")) {
        throw new IllegalArgumentException("Parameter '" + p + "' ends with a gradient suffix that ONNX Runtime"
            + " reserves; rename it");
      }
    }
  }

  private static boolean producesValue(ModelProto model, String value) {
    for (var n : model.getGraph().getNodeList()) {
      if (n.getOutputList().contains(value)) {
        return true;
      }
    }
    return model.getGraph().getInputList().stream().anyMatch(v -> v.getName().equals(value))
        || model.getGraph().getInitializerList().stream().anyMatch(t -> t.getName().equals(value));
  }

  /** Trainable then frozen. */
  public List<String> parameters() {
    return concat(trainable, frozen);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new java.util.ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
