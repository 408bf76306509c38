package dev.ortrain.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.schedule.Interval;
import org.junit.jupiter.api.Test;

/**
 * The counting behind accumulation windows, validation batches and batch limits, at N-1, N and N+1: an off-by-one
 * here changes how many batches a step or a validation sees without any run failing.
 */
class WindowsAndLimitsTest {
  @Test
  void anEpochOfThirteenBatchesInWindowsOfFourMakesFourStepsTheLastOfOneBatch() {
    AccumulationWindows windows = new AccumulationWindows(4, 13);
    assertEquals(4, windows.perEpoch());
    assertEquals(new AccumulationWindow(0, 4), windows.containing(3));
    assertEquals(new AccumulationWindow(4, 4), windows.containing(4));
    assertEquals(new AccumulationWindow(12, 1), windows.containing(12), "the epoch's rest is a window of one");
    assertEquals(3, new AccumulationWindows(4, 12).perEpoch(), "twelve batches fill three windows exactly");
    assertEquals(1, new AccumulationWindows(1, 1).perEpoch());
  }

  @Test
  void aWindowEndsAtItsLastMicroBatchAndScalesByItsOwnSize() {
    AccumulationWindow full = new AccumulationWindow(4, 4);
    assertFalse(full.endsWith(6));
    assertTrue(full.endsWith(7));
    assertFalse(full.endsWith(8));
    assertEquals(0.25f, full.lossScale());
    assertEquals(1f, new AccumulationWindow(12, 1).lossScale(), "a short last window averages what it has");
  }

  @Test
  void noGradientIsPendingAtAWindowsEndOrTheEpochsEnd() {
    AccumulationWindows windows = new AccumulationWindows(4, 13);
    assertTrue(windows.betweenWindows(0));
    assertFalse(windows.betweenWindows(3));
    assertTrue(windows.betweenWindows(4));
    assertFalse(windows.betweenWindows(5));
    assertFalse(windows.betweenWindows(11));
    assertTrue(windows.betweenWindows(12));
    assertTrue(windows.betweenWindows(13), "the epoch's end closes the short window");
    assertEquals(4, windows.accumulationSteps());
  }

  @Test
  void validationBatchesAreLimitedThenTakenAsAFractionRoundedUp() {
    assertEquals(1, new ValidationConfig(1, Interval.EPOCH, 1, 1.0).batchesToRun(10));
    assertEquals(9, new ValidationConfig(1, Interval.EPOCH, 9, 1.0).batchesToRun(10));
    assertEquals(10, new ValidationConfig(1, Interval.EPOCH, 10, 1.0).batchesToRun(10));
    assertEquals(10, new ValidationConfig(1, Interval.EPOCH, 11, 1.0).batchesToRun(10), "at most what there is");
    assertEquals(2, new ValidationConfig(1, Interval.EPOCH, 3, 0.5).batchesToRun(10), "half of 3, rounded up");
    assertEquals(4, new ValidationConfig(1, Interval.EPOCH, 0, 0.31).batchesToRun(10), "3.1 batches round up");
    assertEquals(0, new ValidationConfig(1, Interval.EPOCH, 0, 0.5).batchesToRun(0), "no data, no batch");
  }

  @Test
  void aFractionLimitRoundsDownAndNamesTheSmallestFractionThatWorks() {
    assertEquals(3, BatchLimit.fraction(0.25).of(13), "3.25 batches round down");
    assertEquals(4, BatchLimit.fraction(0.25).of(16));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BatchLimit.fraction(0.07).of(13));
    assertEquals("limit batches = 0.07 of the 13 batches of an epoch is no batch; give a fraction of at least 0.07692,"
        + " or a count of batches", e.getMessage());
    assertEquals(1, BatchLimit.batches(1).of(13));
    assertEquals(12, BatchLimit.batches(12).of(13));
    assertEquals("12 batches", BatchLimit.batches(12).describe());
    assertEquals("0.25 of the batches", BatchLimit.fraction(0.25).describe());
    assertEquals("limit batches = 0 would train on nothing; give at least 1 batch, or a fraction such as 0.25",
        assertThrows(IllegalArgumentException.class, () -> BatchLimit.batches(0)).getMessage());
    assertEquals("limit batches = 1.0 is not a fraction in (0, 1); give one such as 0.25, or a count of batches such"
        + " as 10", assertThrows(IllegalArgumentException.class, () -> BatchLimit.fraction(1.0)).getMessage());
  }
}
