package dev.ortrain.artifacts;

/** Names shared by the generated artifacts and the session that runs them. */
public final class ArtifactNames {
  /** File names, as ONNX Runtime's Python tooling writes them, so either kind of directory loads. */
  public static final String TRAINING_MODEL = "training_model.onnx";
  public static final String EVAL_MODEL = "eval_model.onnx";
  public static final String OPTIMIZER_MODEL = "optimizer_model.onnx";
  public static final String CHECKPOINT = "checkpoint";

  /** Scalar input multiplying the loss's gradient: 1/k over a window of k accumulated micro-batches. */
  public static final String LOSS_SCALE = "loss_scale";
  /** Output of the training model: global L2 norm of this micro-batch's parameter gradients. */
  public static final String GRAD_NORM = "grad_norm";
  public static final String LAZY_RESET_GRAD = "lazy_reset_grad";
  public static final String BUFFER_SUFFIX = "_grad.accumulation.buffer";
  public static final String ACCUMULATED_SUFFIX = "_grad.accumulation.out";

  /** Training-model metadata keys. */
  public static final String META_PREDICTION = "ortrain.prediction";
  public static final String META_LOSS = "ortrain.loss";
  public static final String META_TARGET = "ortrain.target";
  public static final String META_LOSS_SCALE = "ortrain.loss_scale";
  public static final String META_GRAD_NORM = "ortrain.grad_norm";
  public static final String META_OPTIMIZER = "ortrain.optimizer";
  public static final String META_LOSS_FUNCTION = "ortrain.loss_function";
  public static final String META_CLIP_NORM = "ortrain.clip_grad_norm";
  /** {@code ortrain.dropout.<mask input>} = drop ratio, one per dropout mask the session must feed. */
  public static final String META_DROPOUT_PREFIX = "ortrain.dropout.";

  private ArtifactNames() {}
}
