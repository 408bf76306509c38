package dev.ortrain.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every schedule against the learning rates PyTorch 2.13's schedulers report through get_last_lr(). */
class ScheduleReferenceTest {
  /**
   * PyTorch's get_last_lr() comes from the chainable (multiplicative) updates; ours from the closed forms. Both
   * are computed in double; the measured gap is 1.3e-14 relative at most (printed by {@link #reportsDeviation}).
   */
  private static final double RELATIVE_TOLERANCE = 1e-12;

  private static final List<TorchReference.Case> CASES = TorchReference.load();

  static double relativeDeviation(double expected, double actual) {
    if (expected == actual) {
      return 0;
    }
    return Math.abs(expected - actual) / Math.max(Math.abs(expected), 1e-300);
  }

  private static void assertClose(TorchReference.Case c, int t, double expected, double actual) {
    if (!(relativeDeviation(expected, actual) <= RELATIVE_TOLERANCE)) {
      fail(c.name() + " at t=" + t + ": PyTorch " + expected + ", ortrain " + actual);
    }
  }

  private static List<TorchReference.Case> counted() {
    return CASES.stream().filter(c -> !c.kind().equals("plateau")).toList();
  }

  private static List<TorchReference.Case> plateaus() {
    return CASES.stream().filter(c -> c.kind().equals("plateau")).toList();
  }

  @Test
  void referenceCoversEveryScheduleKind() {
    assertEquals(List.of("constant", "step", "multistep", "exponential", "cosine", "warmup", "plateau"),
        CASES.stream().map(TorchReference.Case::kind).distinct().toList());
    assertTrue(CASES.stream().mapToInt(c -> c.lrs().length).sum() > 3000);
  }

  @Test
  void perStepSchedulesMatchPyTorch() {
    for (TorchReference.Case c : counted()) {
      Scheduler scheduler = Scheduler.start(TorchReference.schedule(c), Interval.STEP, c.baseLr());
      assertClose(c, 0, c.lrs()[0], scheduler.learningRate());
      for (int t = 1; t < c.lrs().length; t++) {
        assertClose(c, t, c.lrs()[t], scheduler.afterOptimizerStep());
        if (t % 10 == 0) {
          assertEquals(scheduler.learningRate(), scheduler.afterEpoch(), "epochs do not tick a per-step schedule");
        }
      }
    }
  }

  @Test
  void perEpochSchedulesTickOnlyAtEpochEnds() {
    int stepsPerEpoch = 3;
    for (TorchReference.Case c : counted()) {
      Scheduler scheduler = Scheduler.start(TorchReference.schedule(c), Interval.EPOCH, c.baseLr());
      for (int epoch = 0; epoch < c.lrs().length; epoch++) {
        for (int s = 0; s < stepsPerEpoch; s++) {
          assertClose(c, epoch, c.lrs()[epoch], scheduler.learningRate());
          scheduler.afterOptimizerStep();
        }
        scheduler.afterValidation(Map.of("val_loss", 1.0));
        double next = scheduler.afterEpoch();
        if (epoch + 1 < c.lrs().length) {
          assertClose(c, epoch + 1, c.lrs()[epoch + 1], next);
        }
      }
    }
  }

  @Test
  void reduceOnPlateauMatchesPyTorchOnFixedMetricSequences() {
    for (TorchReference.Case c : plateaus()) {
      Scheduler scheduler = Scheduler.start(TorchReference.plateau(c), c.baseLr());
      assertEquals(c.lrs()[0], scheduler.learningRate(), c.name());
      for (int t = 1; t < c.lrs().length; t++) {
        scheduler.afterOptimizerStep();
        scheduler.afterEpoch();
        // Plateau arithmetic is a product of factors and a max, no transcendental functions: exactly equal.
        assertEquals(c.lrs()[t], scheduler.afterValidation(Map.of("val_metric", c.metrics()[t])),
            c.name() + " at validation " + t);
      }
    }
  }

  @Test
  void reportsDeviation() {
    double max = 0;
    String where = "";
    for (TorchReference.Case c : counted()) {
      Scheduler scheduler = Scheduler.start(TorchReference.schedule(c), Interval.STEP, c.baseLr());
      for (int t = 0; t < c.lrs().length; t++) {
        double lr = t == 0 ? scheduler.learningRate() : scheduler.afterOptimizerStep();
        double d = relativeDeviation(c.lrs()[t], lr);
        if (d > max) {
          max = d;
          where = c.name() + " t=" + t;
        }
      }
    }
    System.out.println("max relative deviation from PyTorch get_last_lr(): " + max + " (" + where + ")");
    assertTrue(max <= RELATIVE_TOLERANCE, where);
    assertTrue(max > 0, "closed forms and chained products differ in the last bits somewhere; an exact match "
        + "everywhere would mean the reference was not read");
  }
}
