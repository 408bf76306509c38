package dev.ortrain.cli;

/** A mistake in what the user asked for, reported as one line without a stack trace. */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CliException(String message) {
    super(message);
  }
}
