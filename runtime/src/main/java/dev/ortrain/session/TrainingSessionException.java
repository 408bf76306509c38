package dev.ortrain.session;

/** A failure inside ONNX Runtime, with what ortrain was doing when it happened. */
public class TrainingSessionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TrainingSessionException(String message, Throwable cause) {
    super(message, cause);
  }
}
