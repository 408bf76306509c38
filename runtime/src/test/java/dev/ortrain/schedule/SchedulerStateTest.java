package dev.ortrain.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Export, text round trip and restore of scheduler state: a resumed run sees the same learning rates, bit for bit. */
class SchedulerStateTest {
  private static final Schedule WARMUP_COSINE = Schedule.cosine(90, 1e-4).afterWarmup(10, 0.01);

  private static Scheduler resumed(Scheduler original, Scheduler fresh) {
    fresh.restore(SchedulerState.decode(original.state().encode()));
    return fresh;
  }

  @Test
  void perStepScheduleResumesMidWarmupAndMidCosine() {
    for (int stopAt : new int[] {0, 3, 10, 37, 99}) {
      Scheduler original = Scheduler.start(WARMUP_COSINE, Interval.STEP, 0.1);
      for (int i = 0; i < stopAt; i++) {
        original.afterOptimizerStep();
      }
      Scheduler copy = resumed(original, Scheduler.start(WARMUP_COSINE, Interval.STEP, 0.1));
      assertEquals(original.learningRate(), copy.learningRate());
      for (int i = 0; i < 50; i++) {
        assertEquals(original.afterOptimizerStep(), copy.afterOptimizerStep(), "step " + (stopAt + i));
      }
    }
  }

  @Test
  void perEpochFunctionScheduleResumesMidEpochWithTheRateOfItsLastEvaluation() {
    // Depends on the step count, but is only re-evaluated at epoch ends: a mid-epoch restore must keep the old rate.
    Schedule fn = Schedule.function("stepAware", (step, epoch, base) -> base / (1 + step + 10 * epoch));
    Scheduler original = Scheduler.start(fn, Interval.EPOCH, 0.5);
    for (int i = 0; i < 7; i++) {
      original.afterOptimizerStep();
      if (i % 3 == 2) {
        original.afterEpoch();
      }
    }
    Scheduler copy = resumed(original, Scheduler.start(fn, Interval.EPOCH, 0.5));
    assertEquals(0.5 / (1 + 6 + 20), copy.learningRate());
    for (int i = 0; i < 12; i++) {
      assertEquals(original.afterOptimizerStep(), copy.afterOptimizerStep());
      if (i % 3 == 1) {
        assertEquals(original.afterEpoch(), copy.afterEpoch());
      }
    }
  }

  @Test
  void plateauResumesWithBestBadCountAndCooldown() {
    ReduceOnPlateau config = ReduceOnPlateau.monitoring("val_loss", ReduceOnPlateau.Mode.MIN)
        .withFactor(0.5).withPatience(1).withCooldown(2).withMinLr(1e-3);
    double[] losses = {1.0, 0.9, 0.95, 0.97, 0.91, 0.92, 0.93, 0.94, 0.8, 0.85, 0.86, 0.87, 0.88, 0.89};
    for (int stopAt = 0; stopAt < losses.length; stopAt++) {
      Scheduler original = Scheduler.start(config, 0.1);
      for (int i = 0; i < stopAt; i++) {
        original.afterValidation(Map.of("val_loss", losses[i]));
      }
      Scheduler copy = resumed(original, Scheduler.start(config, 0.1));
      assertEquals(original.state(), copy.state());
      for (int i = stopAt; i < losses.length; i++) {
        Map<String, Double> metrics = Map.of("val_loss", losses[i]);
        assertEquals(original.afterValidation(metrics), copy.afterValidation(metrics), "validation " + i);
      }
    }
  }

  @Test
  void plateauStateNamesItsCounters() {
    PlateauScheduler plateau = (PlateauScheduler) Scheduler.start(
        ReduceOnPlateau.monitoring("val_accuracy", ReduceOnPlateau.Mode.MAX).withPatience(0).withCooldown(3), 1.0);
    plateau.observe(0.5);
    plateau.observe(0.4); // bad, patience 0: reduce to 0.1 and start a cooldown of 3
    plateau.observe(0.45); // inside cooldown
    Map<String, String> values = plateau.state().values();
    assertEquals("0.1", values.get("lr"));
    assertEquals("0.5", values.get("best"));
    assertEquals("2", values.get("cooldownLeft"));
    assertEquals("0", values.get("badValidations"));
    assertEquals("3", values.get("validations"));
  }

  @Test
  void encodingIsLineBasedAndKeepsEveryBit() {
    double awkward = Math.nextUp(0.1) * 3;
    SchedulerState state = new SchedulerState(Map.of("lr", Double.toString(awkward), "schedule", "a(x=1, y=2)",
        "best", Double.toString(Double.NEGATIVE_INFINITY)));
    String text = state.encode();
    assertEquals("best=-Infinity\nlr=" + awkward + "\nschedule=a(x=1, y=2)\n", text);
    SchedulerState back = SchedulerState.decode(text);
    assertEquals(state, back);
    assertEquals(awkward, back.requireDouble("lr"));
  }

  @Test
  void restoringAnotherConfigurationFailsAndSaysWhatDiffers() {
    Scheduler cosine = Scheduler.start(Schedule.cosine(100, 0), Interval.STEP, 0.1);
    SchedulerState saved = cosine.state();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Scheduler.start(Schedule.cosine(200, 0), Interval.STEP, 0.1).restore(saved));
    assertEquals("Scheduler state was saved with schedule 'cosine(tMax=100, etaMin=0.0)' but this scheduler has "
        + "'cosine(tMax=200, etaMin=0.0)'", e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> Scheduler.start(Schedule.cosine(100, 0), Interval.EPOCH, 0.1).restore(saved));
    assertThrows(IllegalArgumentException.class,
        () -> Scheduler.start(Schedule.cosine(100, 0), Interval.STEP, 0.2).restore(saved));
    IllegalArgumentException kind = assertThrows(IllegalArgumentException.class, () -> Scheduler.start(
        ReduceOnPlateau.monitoring("val_loss", ReduceOnPlateau.Mode.MIN), 0.1).restore(saved));
    assertTrue(kind.getMessage().contains("kind 'counting'"), kind.getMessage());
  }

  @Test
  void damagedStatesAreRejected() {
    Scheduler scheduler = Scheduler.start(Schedule.constant(), Interval.STEP, 0.1);
    Map<String, String> values = new java.util.HashMap<>(scheduler.state().values());
    values.remove("steps");
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> scheduler.restore(new SchedulerState(values)));
    assertTrue(missing.getMessage().startsWith("Scheduler state lacks 'steps'"), missing.getMessage());
    values.put("steps", "ten");
    IllegalArgumentException notNumber = assertThrows(IllegalArgumentException.class,
        () -> scheduler.restore(new SchedulerState(values)));
    assertEquals("Scheduler state 'steps' is not an integer: ten", notNumber.getMessage());
    values.put("steps", "-1");
    assertThrows(IllegalArgumentException.class, () -> scheduler.restore(new SchedulerState(values)));
    assertThrows(IllegalArgumentException.class, () -> SchedulerState.decode("no equals sign"));
    assertThrows(IllegalArgumentException.class, () -> new SchedulerState(Map.of("a=b", "c")));
    assertNotEquals(0.0, scheduler.learningRate(), "a failed restore leaves the scheduler as it was");
  }
}
