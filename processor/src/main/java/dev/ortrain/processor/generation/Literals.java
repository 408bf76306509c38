package dev.ortrain.processor.generation;

/** Java source literals for annotation values. */
final class Literals {
  private Literals() {}

  /** {@code 0.001f}: the runtime keeps optimizer settings as floats. */
  static String ofFloat(double value) {
    return Float.toString((float) value) + "f";
  }

  static String ofDouble(double value) {
    return Double.toString(value);
  }

  static String ofLong(long value) {
    return value + "L";
  }
}
