package dev.ortrain.data;

/** Assembling a batch failed (a dataset read or a transform threw); the cause is the original error. */
public final class DataLoadingException extends RuntimeException {
  public DataLoadingException(String message, Throwable cause) {
    super(message, cause);
  }

  public DataLoadingException(String message) {
    super(message);
  }
}
