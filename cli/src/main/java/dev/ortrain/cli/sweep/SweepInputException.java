package dev.ortrain.cli.sweep;

/** A mistake in a sweep's definition or folder, told in one line that says how to fix it; it stops the sweep. */
public final class SweepInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SweepInputException(String message) {
    super(message);
  }
}
