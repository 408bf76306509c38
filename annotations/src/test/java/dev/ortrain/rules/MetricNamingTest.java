package dev.ortrain.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MetricNamingTest {
  @Test
  void reportedNamesArePrefixPlusName() {
    assertEquals(List.of("val_loss", "val_top5_accuracy"), MetricNaming.reported("val_",
        List.of(MetricNaming.LOSS, MetricNaming.topK(5))));
  }

  @Test
  void invalidAndRepeatedNamesAreRejectedWithTheRule() {
    assertEquals(Optional.of("Metric name 'Acc' is invalid: use lowercase letters, digits and '_', starting with a"
        + " letter (it becomes part of names like val_Acc)"), MetricNaming.checkValid("Acc"));
    assertFalse(MetricNaming.isValid("1st"));
    assertFalse(MetricNaming.isValid(null));
    assertEquals(Optional.of("Metric name 'loss' appears twice; test_loss would be ambiguous"),
        MetricNaming.checkUnique("test_", List.of("loss", "mse", "loss")));
    assertThrows(IllegalArgumentException.class, () -> MetricNaming.reported("val_", List.of("mse", "mse")));
    assertThrows(IllegalArgumentException.class, () -> MetricNaming.requireValid("Bad"));
  }

  @Test
  void declaredNamesMustMatchTheMetricsAtRunTime() {
    MetricNaming.requireDeclared("Exp.metrics()", List.of("accuracy"), List.of("accuracy"));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> MetricNaming.requireDeclared("Exp.metrics()", List.of("accuracy"), List.of("top5_accuracy")));
    assertEquals("Exp.metrics() returned metrics named [top5_accuracy] but its @Metrics declares [accuracy]; make the"
        + " declaration list the same names in the same order", e.getMessage());
  }

  @Test
  void lossesAndErrorsImproveDownwards() {
    assertTrue(MetricNaming.lowerIsBetter("val_loss"));
    assertTrue(MetricNaming.lowerIsBetter("val_mae"));
    assertFalse(MetricNaming.lowerIsBetter("val_accuracy"));
  }
}
