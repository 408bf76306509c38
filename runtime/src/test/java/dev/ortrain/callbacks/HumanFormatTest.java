package dev.ortrain.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HumanFormatTest {
  @Test
  void numbersHaveFourSignificantDigitsWithoutTrailingZeros() {
    assertEquals("0.4321", HumanFormat.number(0.43214));
    assertEquals("0.1235", HumanFormat.number(0.12345), "halves round up, as a person rounds");
    assertEquals("12.35", HumanFormat.number(12.3456));
    assertEquals("1235", HumanFormat.number(1234.5));
    assertEquals("123500", HumanFormat.number(123456));
    assertEquals("0.01", HumanFormat.number(0.01f), "a float's binary noise does not show");
    assertEquals("0.5", HumanFormat.number(0.5));
    assertEquals("1", HumanFormat.number(1.0));
    assertEquals("-2.5", HumanFormat.number(-2.5));
    assertEquals("0.0001", HumanFormat.number(0.0001));
    assertEquals("0", HumanFormat.number(0));
  }

  @Test
  void veryLargeAndVerySmallNumbersUseExponents() {
    assertEquals("1.235e-05", HumanFormat.number(0.000012345));
    assertEquals("3e-07", HumanFormat.number(3e-7));
    assertEquals("1.235e+06", HumanFormat.number(1234567));
    assertEquals("-1e+09", HumanFormat.number(-1e9));
    assertEquals("0.0001", HumanFormat.number(0.000099996), "rounding up crosses into plain notation");
  }

  @Test
  void nonFiniteNumbersAreSpelledOut() {
    assertEquals("nan", HumanFormat.number(Double.NaN));
    assertEquals("inf", HumanFormat.number(Double.POSITIVE_INFINITY));
    assertEquals("-inf", HumanFormat.number(Float.NEGATIVE_INFINITY));
  }

  @Test
  void durationsUseMillisecondsSecondsOrHoursMinutesSeconds() {
    assertEquals("0 ms", HumanFormat.duration(0));
    assertEquals("0.25 ms", HumanFormat.duration(0.00025));
    assertEquals("850 ms", HumanFormat.duration(0.85));
    assertEquals("1 s", HumanFormat.duration(1));
    assertEquals("12.35 s", HumanFormat.duration(12.345));
    assertEquals("1m 05s", HumanFormat.duration(65.2));
    assertEquals("59m 59s", HumanFormat.duration(3599.4));
    assertEquals("1h 02m 05s", HumanFormat.duration(3725));
    assertEquals("27h 46m 40s", HumanFormat.duration(100_000));
    assertEquals("?", HumanFormat.duration(Double.NaN));
    assertEquals("?", HumanFormat.duration(-1));
  }

  @Test
  void metricsAreNameValuePairsInTheirOrder() {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("val_loss", 0.123456);
    metrics.put("val_accuracy", 0.9);
    assertEquals("val_loss 0.1235  val_accuracy 0.9", HumanFormat.metrics(metrics));
    assertEquals("", HumanFormat.metrics(Map.of()));
  }
}
