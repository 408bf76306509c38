package dev.ortrain.loop;

/** The loss or gradient norm became NaN or infinite and the {@link NanPolicy} says to stop. */
public class TrainingDivergedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TrainingDivergedException(String message) {
    super(message);
  }
}
