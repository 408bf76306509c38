package dev.ortrain.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What counts as an improvement: by more than min delta, in the monitored direction, at the boundary exactly. */
class MonitorTest {
  @Test
  void aLossImprovesWhenLowerByMoreThanMinDelta() {
    Monitor m = Monitor.of("val_loss").withMinDelta(0.25);
    assertEquals(Monitor.Mode.MIN, m.mode());
    assertFalse(m.improves(0.75, 1.0), "lower by exactly min delta is no improvement");
    assertTrue(m.improves(0.7499, 1.0));
    assertFalse(m.improves(1.2, 1.0));
  }

  @Test
  void anAccuracyImprovesWhenHigherByMoreThanMinDelta() {
    Monitor m = Monitor.of("val_accuracy").withMinDelta(0.25);
    assertEquals(Monitor.Mode.MAX, m.mode());
    assertFalse(m.improves(1.25, 1.0), "higher by exactly min delta is no improvement");
    assertTrue(m.improves(1.2501, 1.0));
    assertFalse(m.improves(0.8, 1.0));
  }

  @Test
  void withoutMinDeltaAnEqualValueIsNoImprovementAndAnyBetterOneIs() {
    Monitor loss = Monitor.of("val_loss");
    assertFalse(loss.improves(0.5, 0.5));
    assertTrue(loss.improves(Math.nextDown(0.5), 0.5));
    Monitor accuracy = Monitor.of("val_accuracy");
    assertFalse(accuracy.improves(0.5, 0.5));
    assertTrue(accuracy.improves(Math.nextUp(0.5), 0.5));
  }

  @Test
  void theFirstValueImprovesAndNaNNever() {
    Monitor m = Monitor.of("val_loss");
    assertTrue(m.improves(3.0, Double.NaN));
    assertFalse(m.improves(Double.NaN, 3.0));
    assertFalse(m.improves(Double.NaN, Double.NaN));
  }
}
