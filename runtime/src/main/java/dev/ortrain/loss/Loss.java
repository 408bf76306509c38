package dev.ortrain.loss;

import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.TensorType;

/**
 * A loss function appended to a forward graph. It declares the target input it needs and returns the name
 * of the scalar loss value.
 */
public interface Loss {
  /** The name of the graph input that receives the targets. */
  String TARGET = "target";
  /** The name of the scalar loss value (first output of the training and eval models). */
  String LOSS = "loss";

  /**
   * Adds the target input and the loss nodes.
   *
   * @param graph the forward graph, already holding {@code prediction}
   * @param prediction the model output the loss compares with the targets
   * @param predictionType its type
   * @return the scalar loss value's name ({@link #LOSS})
   */
  String attach(GraphBuilder graph, String prediction, TensorType predictionType);

  /** The type of the target input for a prediction of the given type (checked by data loaders). */
  TensorType targetType(TensorType predictionType);

  /** A short description for logs and fingerprints, e.g. {@code cross_entropy(label_smoothing=0.1)}. */
  String describe();

  /**
   * The class indices this loss accepts as targets for a prediction of the given type, when its targets are
   * class indices and the number of classes is known; data are checked against them before training.
   */
  default java.util.Optional<ClassTargets> classTargets(TensorType predictionType) {
    return java.util.Optional.empty();
  }
}
