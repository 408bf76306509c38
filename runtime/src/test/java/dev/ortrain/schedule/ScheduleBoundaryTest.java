package dev.ortrain.schedule;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.schedule.ReduceOnPlateau.Mode;
import dev.ortrain.schedule.ReduceOnPlateau.ThresholdMode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Schedule settings at their boundaries: reduce-on-plateau's threshold in its four modes (a value exactly at the
 * threshold is no improvement, as in PyTorch), a repeated milestone, a floor equal to the initial rate, a function
 * returning 0, and a restored plateau state of another configuration.
 */
class ScheduleBoundaryTest {
  /** Threshold 0.5 from a best of 2 (exact in binary): the bound itself is not better, a value past it is. */
  @Test
  void aValueExactlyAtThePlateauThresholdIsNoImprovement() {
    assertBound(Mode.MIN, ThresholdMode.ABS, 1.5, 1.25);
    assertBound(Mode.MIN, ThresholdMode.REL, 1.0, 0.75);
    assertBound(Mode.MAX, ThresholdMode.ABS, 2.5, 2.75);
    assertBound(Mode.MAX, ThresholdMode.REL, 3.0, 3.25);
  }

  private static void assertBound(Mode mode, ThresholdMode thresholdMode, double atBound, double past) {
    ReduceOnPlateau plateau = ReduceOnPlateau.monitoring("m", mode).withThreshold(0.5, thresholdMode);
    String where = mode + " " + thresholdMode;
    assertFalse(plateau.isBetter(atBound, 2), where + ": " + atBound + " is exactly the bound");
    assertTrue(plateau.isBetter(past, 2), where + ": " + past + " is past the bound");
  }

  @Test
  void aRepeatedMilestoneIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Schedule.multiStep(List.of(20L, 20L), 0.1));
    assertEquals("milestones must be strictly increasing, got [20, 20]", e.getMessage());
  }

  /** A floor equal to the initial rate never lowers it, and is allowed; only one above it is refused. */
  @Test
  void aFloorEqualToTheInitialRateIsAllowed() {
    assertEquals(0.1, Scheduler.start(Schedule.cosine(10, 0.1), Interval.STEP, 0.1).afterOptimizerStep(), 1e-15);
    Scheduler plateau = Scheduler.start(ReduceOnPlateau.monitoring("m", Mode.MIN).withPatience(0).withMinLr(0.1), 0.1);
    plateau.afterValidation(java.util.Map.of("m", 1.0));
    assertEquals(0.1, plateau.afterValidation(java.util.Map.of("m", 2.0)));
  }

  @Test
  void aFunctionMayReturnZero() {
    Scheduler frozen = Scheduler.start(Schedule.function("frozen", (step, epoch, base) -> 0), Interval.STEP, 0.1);
    assertEquals(0, frozen.afterOptimizerStep());
  }

  @Test
  void aPlateauStateOfAnotherConfigurationOrRateIsRefused() {
    ReduceOnPlateau plateau = ReduceOnPlateau.monitoring("m", Mode.MIN);
    SchedulerState saved = Scheduler.start(plateau, 0.1).state();
    assertDoesNotThrow(() -> Scheduler.start(plateau, 0.1).restore(saved));
    assertThrows(IllegalArgumentException.class, () -> Scheduler.start(plateau.withPatience(3), 0.1).restore(saved));
    assertThrows(IllegalArgumentException.class, () -> Scheduler.start(plateau, 0.2).restore(saved));
  }

  @Test
  void aStateLineWithoutAKeyIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SchedulerState.decode("=1"));
    assertEquals("Not a scheduler state line (key=value): '=1'", e.getMessage());
  }
}
