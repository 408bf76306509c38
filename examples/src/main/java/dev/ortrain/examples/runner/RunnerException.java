package dev.ortrain.examples.runner;

/** A mistake in what the user asked for, reported as one line without a stack trace. */
final class RunnerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  RunnerException(String message) {
    super(message);
  }
}
