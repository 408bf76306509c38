package dev.ortrain.session;

import dev.ortrain.graph.DataType;
import dev.ortrain.graph.TensorType;
import java.util.List;
import java.util.Map;

/**
 * Which output of a step is the loss, the gradient norm and the prediction, and the {@link StepResult} read
 * from them: the one place that picks the prediction. The loss is output 0 by contract; the prediction is the
 * output the artifacts name, or else (foreign artifacts) the first other output that may hold floats.
 */
final class StepOutputs {
  private final String loss;
  private final String gradNorm;
  private final String prediction;

  private StepOutputs(String loss, String gradNorm, String prediction) {
    this.loss = loss;
    this.gradNorm = gradNorm;
    this.prediction = prediction;
  }

  /**
   * @param sessionOrder the step's outputs in the order ONNX Runtime returns them
   * @param declared their declared types, where declared
   * @param metadata the artifacts' own names for the outputs
   */
  static StepOutputs of(List<String> sessionOrder, Map<String, TensorType> declared, SessionMetadata metadata) {
    String gradNorm = metadata.gradNormOutput();
    String prediction = metadata.predictionOutput();
    for (int i = 1; prediction == null && i < sessionOrder.size(); i++) {
      String name = sessionOrder.get(i);
      TensorType type = declared.get(name);
      if (!name.equals(gradNorm) && (type == null || type.dataType() == DataType.FLOAT)) {
        prediction = name;
      }
    }
    return new StepOutputs(sessionOrder.get(0), gradNorm, prediction);
  }

  /** The step's result, with a copy of the prediction only when {@code withPrediction}. */
  StepResult read(StepValues values, boolean withPrediction) {
    float lossValue = values.scalar(loss);
    float gradNormValue = gradNorm != null && values.has(gradNorm) ? values.scalar(gradNorm) : Float.NaN;
    float[] predicted = withPrediction && prediction != null && values.has(prediction)
        ? values.floats(prediction) : null;
    return new StepResult(lossValue, gradNormValue, predicted, predicted == null ? null : values.shape(prediction));
  }
}
