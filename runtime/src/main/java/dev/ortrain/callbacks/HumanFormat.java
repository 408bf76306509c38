package dev.ortrain.callbacks;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/** Numbers and durations as a person reads them in a log: four significant digits, times in ms, s or h/m/s. */
final class HumanFormat {
  private static final MathContext FOUR_DIGITS = new MathContext(4, RoundingMode.HALF_UP);

  private HumanFormat() {}

  /** Four significant digits without trailing zeros (0.4321, 12.35, 1235, 0.01, 1.235e-05); nan, inf. */
  static String number(double value) {
    if (Double.isNaN(value)) {
      return "nan";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    if (value == 0) {
      return "0";
    }
    // Decimal rounding of the shortest representation, so 0.12345 reads 0.1235 as a person expects.
    BigDecimal rounded = BigDecimal.valueOf(value).round(FOUR_DIGITS);
    double magnitude = Math.abs(rounded.doubleValue());
    if (magnitude >= 1e-4 && magnitude < 1e6) {
      return rounded.stripTrailingZeros().toPlainString();
    }
    String[] parts = String.format(Locale.ROOT, "%.3e", rounded.doubleValue()).split("e");
    String mantissa = parts[0].replaceAll("\\.?0+$", "");
    return mantissa + "e" + parts[1];
  }

  /** 850 ms, 12.35 s, 2m 05s, 1h 02m 05s; "?" when unknown (NaN or negative). */
  static String duration(double seconds) {
    if (Double.isNaN(seconds) || seconds < 0) {
      return "?";
    }
    if (seconds < 1) {
      return number(seconds * 1000) + " ms";
    }
    if (seconds < 60) {
      return number(seconds) + " s";
    }
    long total = Math.round(seconds);
    long hours = total / 3600;
    long minutes = total % 3600 / 60;
    long secs = total % 60;
    return hours > 0
        ? String.format(Locale.ROOT, "%dh %02dm %02ds", hours, minutes, secs)
        : String.format(Locale.ROOT, "%dm %02ds", minutes, secs);
  }

  /** "name value" pairs separated by two spaces, in the map's order. */
  static String metrics(Map<String, Double> metrics) {
    StringJoiner line = new StringJoiner("  ");
    metrics.forEach((name, value) -> line.add(name + " " + number(value)));
    return line.toString();
  }
}
