package dev.ortrain.cli.sweep;

import java.math.BigDecimal;

/** A drawn number as a person writes it: {@code 0.003162} rather than {@code 0.0031620000000000003}. */
final class NumberText {
  /** Outside this range of magnitudes, plain digits get long; scientific notation reads better. */
  private static final double PLAIN_FROM = 1e-4;
  private static final double PLAIN_BELOW = 1e6;

  private NumberText() {}

  static String of(double value) {
    BigDecimal exact = BigDecimal.valueOf(value).stripTrailingZeros();
    double magnitude = Math.abs(value);
    if (value == 0 || (magnitude >= PLAIN_FROM && magnitude < PLAIN_BELOW)) {
      return exact.toPlainString();
    }
    return exact.toString();
  }
}
