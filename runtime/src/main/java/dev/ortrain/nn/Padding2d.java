package dev.ortrain.nn;

/** Zero padding (or -∞ for max pooling) added around the spatial dimensions, per side. */
public record Padding2d(int top, int bottom, int left, int right) {

  public Padding2d {
    if (top < 0 || bottom < 0 || left < 0 || right < 0) {
      throw new IllegalArgumentException("Padding must be >= 0 on every side, got "
          + describe(top, bottom, left, right));
    }
  }

  /** The same padding on all four sides. */
  public static Padding2d of(int all) {
    return new Padding2d(all, all, all, all);
  }

  /** {@code height} rows above and below, {@code width} columns left and right (PyTorch's padding=(h, w)). */
  public static Padding2d of(int height, int width) {
    return new Padding2d(height, height, width, width);
  }

  /** ONNX's order: begin of each axis, then end of each axis. */
  long[] onnxPads() {
    return new long[] {top, left, bottom, right};
  }

  int height() {
    return top + bottom;
  }

  int width() {
    return left + right;
  }

  boolean isZero() {
    return top == 0 && bottom == 0 && left == 0 && right == 0;
  }

  @Override
  public String toString() {
    return describe(top, bottom, left, right);
  }

  private static String describe(int top, int bottom, int left, int right) {
    if (top == bottom && left == right) {
      return top == left ? Integer.toString(top) : top + "x" + left;
    }
    return "(top " + top + ", bottom " + bottom + ", left " + left + ", right " + right + ")";
  }
}
