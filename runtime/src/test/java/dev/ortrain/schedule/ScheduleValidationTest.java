package dev.ortrain.schedule;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ortrain.rules.ConfigRules;
import dev.ortrain.rules.Range;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Invalid configurations fail with the shared ConfigRules messages, before any training starts. */
class ScheduleValidationTest {
  private static final ReduceOnPlateau PLATEAU = ReduceOnPlateau.monitoring("val_loss", ReduceOnPlateau.Mode.MIN);

  private static void assertRejected(Range rule, double value, Executable configure) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, configure);
    assertEquals(rule.check(value).orElseThrow(), e.getMessage());
  }

  @Test
  void numericFieldsUseTheSharedRules() {
    assertRejected(ConfigRules.STEP_SIZE, 0, () -> Schedule.step(0, 0.5));
    assertRejected(ConfigRules.GAMMA, 0, () -> Schedule.step(3, 0));
    assertRejected(ConfigRules.GAMMA, 1.5, () -> Schedule.exponential(1.5));
    assertRejected(ConfigRules.GAMMA, Double.NaN, () -> Schedule.multiStep(List.of(3L), Double.NaN));
    assertRejected(ConfigRules.MILESTONE, 0, () -> Schedule.multiStep(List.of(0L, 4L), 0.1));
    assertRejected(ConfigRules.T_MAX, 0, () -> Schedule.cosine(0, 0));
    assertRejected(ConfigRules.MIN_LEARNING_RATE, -1e-3, () -> Schedule.cosine(10, -1e-3));
    assertRejected(ConfigRules.WARMUP_STEPS, -1, () -> Schedule.linearWarmup(-1, 0.1));
    assertRejected(ConfigRules.WARMUP_START_FACTOR, 0, () -> Schedule.linearWarmup(5, 0));
    assertRejected(ConfigRules.WARMUP_START_FACTOR, 1.5, () -> Schedule.exponential(0.9).afterWarmup(5, 1.5));
    assertRejected(ConfigRules.LEARNING_RATE, 0, () -> Scheduler.start(Schedule.constant(), Interval.STEP, 0));
    assertRejected(ConfigRules.LEARNING_RATE, 20, () -> Scheduler.start(PLATEAU, 20));
  }

  @Test
  void plateauFieldsUseTheSharedRules() {
    assertRejected(ConfigRules.PLATEAU_FACTOR, 1, () -> PLATEAU.withFactor(1));
    assertRejected(ConfigRules.PLATEAU_FACTOR, 0, () -> PLATEAU.withFactor(0));
    assertRejected(ConfigRules.PLATEAU_PATIENCE, -1, () -> PLATEAU.withPatience(-1));
    assertRejected(ConfigRules.PLATEAU_THRESHOLD, -0.1, () -> PLATEAU.withThreshold(-0.1,
        ReduceOnPlateau.ThresholdMode.ABS));
    assertRejected(ConfigRules.PLATEAU_COOLDOWN, -2, () -> PLATEAU.withCooldown(-2));
    assertRejected(ConfigRules.MIN_LEARNING_RATE, -1, () -> PLATEAU.withMinLr(-1));
    assertDoesNotThrow(() -> PLATEAU.withPatience(0).withThreshold(0, ReduceOnPlateau.ThresholdMode.REL));
  }

  @Test
  void structuralMistakesAreExplained() {
    IllegalArgumentException order = assertThrows(IllegalArgumentException.class,
        () -> Schedule.multiStep(List.of(10L, 5L), 0.1));
    assertEquals("milestones must be strictly increasing, got [10, 5]", order.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Schedule.multiStep(List.of(), 0.1));
    IllegalArgumentException floor = assertThrows(IllegalArgumentException.class,
        () -> Scheduler.start(Schedule.cosine(10, 0.5).afterWarmup(2, 0.1), Interval.STEP, 0.1));
    assertEquals("minLearningRate = 0.5 is above the initial learning rate 0.1; cosine annealing would increase it",
        floor.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Scheduler.start(PLATEAU.withMinLr(0.5), 0.1));
    assertThrows(IllegalArgumentException.class, () -> ReduceOnPlateau.monitoring(" ", ReduceOnPlateau.Mode.MIN));
    assertThrows(IllegalArgumentException.class, () -> Schedule.function("has space", (s, e, b) -> b));
    assertThrows(IllegalArgumentException.class, () -> new Position(-1, 0, 0));
  }

  @Test
  void warmupLongerThanTheTrainingIsAnError() {
    TrainingLength fiveEpochsOf100 = new TrainingLength(5, 100);
    Scheduler tooLong = Scheduler.start(Schedule.cosine(500, 0).afterWarmup(501, 0.1), Interval.STEP, 0.1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> tooLong.requireFits(fiveEpochsOf100));
    assertEquals("warmupSteps = 501 is longer than the training (500 optimizer steps); the learning rate would "
        + "never reach its initial value", e.getMessage());
    assertEquals(ConfigRules.checkWarmupFits(501, 500, "optimizer steps").orElseThrow(), e.getMessage());
    assertDoesNotThrow(() -> Scheduler.start(Schedule.linearWarmup(500, 0.1), Interval.STEP, 0.1)
        .requireFits(fiveEpochsOf100));
    // Per epoch, the warm-up counts epochs: 6 epochs of warm-up do not fit 5, however many steps an epoch has.
    Scheduler perEpoch = Scheduler.start(Schedule.linearWarmup(6, 0.1), Interval.EPOCH, 0.1);
    IllegalArgumentException epochs = assertThrows(IllegalArgumentException.class,
        () -> perEpoch.requireFits(fiveEpochsOf100));
    assertEquals(ConfigRules.checkWarmupFits(6, 5, "epochs").orElseThrow(), epochs.getMessage());
    // Nested warm-ups add up.
    Schedule twice = Schedule.linearWarmup(200, 0.5).afterWarmup(301, 0.1);
    assertThrows(IllegalArgumentException.class,
        () -> Scheduler.start(twice, Interval.STEP, 0.1).requireFits(fiveEpochsOf100));
    assertDoesNotThrow(() -> Scheduler.start(PLATEAU, 0.1).requireFits(fiveEpochsOf100));
    assertThrows(IllegalArgumentException.class, () -> new TrainingLength(0, 10));
    assertThrows(IllegalArgumentException.class, () -> new TrainingLength(3, 0));
    assertEquals(500, fiveEpochsOf100.ticks(Interval.STEP));
    assertEquals(5, fiveEpochsOf100.ticks(Interval.EPOCH));
  }

  @Test
  void functionSchedulesSeeAbsoluteCountersAndAreCheckedOnEveryCall() {
    Schedule halving = Schedule.function("halvingPerEpoch", (step, epoch, base) -> base * Math.pow(0.5, epoch)
        + step * 1e-6);
    Scheduler scheduler = Scheduler.start(halving.afterWarmup(2, 0.5), Interval.STEP, 0.4);
    assertEquals(0.2, scheduler.learningRate());
    assertEquals(0.3, scheduler.afterOptimizerStep(), 1e-15);
    assertEquals(0.4 + 2e-6, scheduler.afterOptimizerStep(), 1e-15);
    scheduler.afterEpoch(); // per-step schedules do not change at epoch ends...
    assertEquals(0.4 + 2e-6, scheduler.learningRate(), 1e-15);
    // ...but the function sees the epoch count on the next step: absolute, not shifted by the warm-up
    assertEquals(0.2 + 3e-6, scheduler.afterOptimizerStep(), 1e-15);

    for (double bad : new double[] {Double.NaN, -1e-3, Double.POSITIVE_INFINITY}) {
      Schedule broken = Schedule.function("broken", (step, epoch, base) -> step < 1 ? base : bad);
      Scheduler s = Scheduler.start(broken, Interval.STEP, 0.1);
      IllegalStateException e = assertThrows(IllegalStateException.class, s::afterOptimizerStep);
      assertEquals("Schedule function 'broken' returned " + bad + " at step 1, epoch 0; a learning rate must be "
          + "finite and >= 0", e.getMessage());
    }
  }

  @Test
  void plateauNeedsItsMonitoredMetric() {
    Scheduler scheduler = Scheduler.start(PLATEAU, 0.1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> scheduler.afterValidation(Map.of("val_accuracy", 0.5, "val_los", 0.3)));
    assertEquals("ReduceOnPlateau monitors 'val_loss' but the validation reported only [val_accuracy, val_los]",
        e.getMessage());
  }

  @Test
  void plateauCountsNaNAsABadValidationLikePyTorch() {
    PlateauScheduler scheduler = (PlateauScheduler) Scheduler.start(PLATEAU.withPatience(1).withFactor(0.5), 0.1);
    scheduler.observe(1.0);
    scheduler.observe(Double.NaN);
    assertEquals(0.1, scheduler.learningRate());
    assertEquals(0.05, scheduler.observe(Double.NaN));
    assertEquals(1.0, scheduler.best());
  }

  @Test
  void describedSchedulesAreReadable() {
    assertEquals("warmup(warmup=10, startFactor=0.1) then multiStep(milestones=[30, 60], gamma=0.1)",
        Schedule.multiStep(List.of(30L, 60L), 0.1).afterWarmup(10, 0.1).describe());
    assertEquals("warmup(warmup=0, startFactor=1.0) then step(stepSize=5, gamma=0.5)",
        Schedule.step(5, 0.5).afterWarmup(0, 1).describe());
    // A warm-up of zero ticks is the schedule after it.
    Scheduler noWarmup = Scheduler.start(Schedule.exponential(0.5).afterWarmup(0, 0.1), Interval.STEP, 0.8);
    assertEquals(0.8, noWarmup.learningRate());
    assertEquals(0.4, noWarmup.afterOptimizerStep());
  }
}
