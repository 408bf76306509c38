package dev.ortrain.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.annotations.MonitorMode;
import dev.ortrain.annotations.NanAction;
import dev.ortrain.annotations.OptimizerType;
import dev.ortrain.annotations.ScheduleType;
import dev.ortrain.annotations.Unit;
import dev.ortrain.artifacts.Optimizer;
import dev.ortrain.callbacks.EarlyStopping;
import dev.ortrain.callbacks.Monitor;
import dev.ortrain.ort.Device;
import dev.ortrain.schedule.Interval;
import dev.ortrain.schedule.ReduceOnPlateau;
import dev.ortrain.schedule.Schedule;
import dev.ortrain.settings.Setting;
import dev.ortrain.settings.Settings;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each setting reaches the loop as the annotation means it. */
class ExperimentSettingsTest {
  private static final Settings DEFAULTS = Settings.defaults();

  @Test
  void theDefaultsAreTheConfigurationsDefaults() {
    assertEquals(TrainerConfig.builder().build().toString(), ExperimentSettings.config(DEFAULTS).toString());
    assertEquals(Optional.empty(), ExperimentSettings.schedule(DEFAULTS));
    assertEquals(Optional.empty(), ExperimentSettings.plateau(DEFAULTS));
    assertEquals(Optional.empty(), ExperimentSettings.earlyStopping(DEFAULTS));
    assertEquals(Optional.empty(), ExperimentSettings.checkpoint(DEFAULTS));
  }

  @Test
  void everyTrainerValueReachesTheConfiguration() {
    Settings s = DEFAULTS.with(Setting.EPOCHS, 20).with(Setting.BATCH_SIZE, 32).with(Setting.SEED, 7L)
        .with(Setting.DEVICE, "gpu").with(Setting.THREADS, 4).with(Setting.PREFETCH, 3)
        .with(Setting.OPTIMIZER, OptimizerType.SGD).with(Setting.LEARNING_RATE, 0.05)
        .with(Setting.MOMENTUM, 0.9).with(Setting.NESTEROV, true).with(Setting.ACCUMULATION_STEPS, 2)
        .with(Setting.CLIP_GRAD_NORM, 1.0).with(Setting.SHUFFLE, false).with(Setting.DROP_LAST, true)
        .with(Setting.VALIDATE_EVERY, 2).with(Setting.VALIDATION_UNIT, Unit.STEP)
        .with(Setting.VALIDATION_BATCHES, 10).with(Setting.VALIDATION_FRACTION, 0.5)
        .with(Setting.NAN_POLICY, NanAction.SKIP).with(Setting.MAX_SKIPPED_STEPS, 10);
    TrainerConfig expected = TrainerConfig.builder().epochs(20).batchSize(32).seed(7L).device(Device.cuda(0))
        .threads(4).prefetch(3).optimizer(new Optimizer.Sgd(0.9f, 0f, true)).learningRate(0.05f)
        .accumulationSteps(2).clipGradNorm(1f).shuffle(false).dropLast(true)
        .validation(new ValidationConfig(2, Interval.STEP, 10, 0.5)).nanPolicy(NanPolicy.skip(10)).build();
    assertEquals(expected.toString(), ExperimentSettings.config(s).toString());
  }

  @Test
  void weightDecayAndAdamWValuesReachTheOptimizer() {
    Settings s = DEFAULTS.with(Setting.BETA1, 0.8).with(Setting.BETA2, 0.99).with(Setting.EPSILON, 1e-6);
    assertEquals(new Optimizer.AdamW(0.8f, 0.99f, 1e-6f, 0.01f, true), ExperimentSettings.optimizer(s));
    assertEquals(new Optimizer.AdamW(0.8f, 0.99f, 1e-6f, 0f, true),
        ExperimentSettings.optimizer(s.with(Setting.WEIGHT_DECAY, 0.0)));
    assertEquals(new Optimizer.Sgd(0f, 0f, false),
        ExperimentSettings.optimizer(DEFAULTS.with(Setting.OPTIMIZER, OptimizerType.SGD)));
  }

  @Test
  void nesterovWithoutMomentumIsRefusedAsTheProcessorRefusesIt() {
    Settings s = DEFAULTS.with(Setting.OPTIMIZER, OptimizerType.SGD).with(Setting.NESTEROV, true);
    assertEquals("nesterov = true needs momentum > 0 (as in PyTorch); set momentum, e.g. 0.9",
        assertThrows(IllegalArgumentException.class, () -> ExperimentSettings.config(s)).getMessage());
  }

  @Test
  void eachScheduleTypeBecomesTheRuntimeScheduleOfTheSameName() {
    Settings step = DEFAULTS.with(Setting.SCHEDULE_TYPE, ScheduleType.STEP).with(Setting.STEP_SIZE, 30L)
        .with(Setting.GAMMA, 0.5);
    assertSchedule(Schedule.step(30, 0.5), step);
    assertSchedule(Schedule.multiStep(List.of(100L, 200L), 0.1), DEFAULTS
        .with(Setting.SCHEDULE_TYPE, ScheduleType.MULTI_STEP).with(Setting.MILESTONES, List.of(100L, 200L)));
    assertSchedule(Schedule.exponential(0.95), DEFAULTS.with(Setting.SCHEDULE_TYPE, ScheduleType.EXPONENTIAL)
        .with(Setting.GAMMA, 0.95));
    assertSchedule(Schedule.cosine(5000, 1e-4).afterWarmup(200, 0.01), DEFAULTS
        .with(Setting.SCHEDULE_TYPE, ScheduleType.COSINE).with(Setting.T_MAX, 5000L)
        .with(Setting.MIN_LEARNING_RATE, 1e-4).with(Setting.WARMUP_STEPS, 200L)
        .with(Setting.WARMUP_START_FACTOR, 0.01));
    assertSchedule(Schedule.linearWarmup(50, 0.1), DEFAULTS.with(Setting.WARMUP_STEPS, 50L));
    assertEquals(Interval.STEP, ExperimentSettings.scheduleUnit(DEFAULTS));
    assertEquals(Interval.EPOCH, ExperimentSettings.scheduleUnit(DEFAULTS.with(Setting.SCHEDULE_UNIT, Unit.EPOCH)));
  }

  @Test
  void aScheduleMissingItsLengthSaysWhichAndWhy() {
    assertEquals("schedule.type = STEP needs schedule.stepSize (steps or epochs between decays)", message(
        () -> ExperimentSettings.schedule(DEFAULTS.with(Setting.SCHEDULE_TYPE, ScheduleType.STEP))));
    assertTrue(message(() -> ExperimentSettings.schedule(DEFAULTS.with(Setting.SCHEDULE_TYPE,
        ScheduleType.COSINE))).startsWith("schedule.type = COSINE needs schedule.tMax (steps or epochs"));
    assertTrue(message(() -> ExperimentSettings.schedule(DEFAULTS.with(Setting.SCHEDULE_TYPE,
        ScheduleType.MULTI_STEP))).startsWith("schedule.type = MULTI_STEP needs schedule.milestones"));
    assertTrue(message(() -> ExperimentSettings.schedule(DEFAULTS.with(Setting.SCHEDULE_TYPE,
        ScheduleType.PLATEAU).with(Setting.WARMUP_STEPS, 10L)))
        .startsWith("schedule.warmupSteps is not supported by type = PLATEAU"));
  }

  @Test
  void aPlateauScheduleWatchesItsMetricInTheModeItsNameImplies() {
    Settings s = DEFAULTS.with(Setting.SCHEDULE_TYPE, ScheduleType.PLATEAU)
        .with(Setting.PLATEAU_MONITOR, "val_accuracy").with(Setting.FACTOR, 0.5).with(Setting.PLATEAU_PATIENCE, 2)
        .with(Setting.COOLDOWN, 1).with(Setting.MIN_LEARNING_RATE, 1e-5);
    assertEquals(Optional.of(new ReduceOnPlateau("val_accuracy", ReduceOnPlateau.Mode.MAX, 0.5, 2, 1e-4,
        ReduceOnPlateau.ThresholdMode.REL, 1, 1e-5)), ExperimentSettings.plateau(s));
    assertEquals(ReduceOnPlateau.Mode.MIN, ExperimentSettings.plateau(s.with(Setting.PLATEAU_MODE,
        MonitorMode.MIN)).orElseThrow().mode());
    assertEquals(Optional.empty(), ExperimentSettings.schedule(s));
  }

  @Test
  void earlyStoppingAndCheckpointsFollowTheirSettings() {
    Settings s = DEFAULTS.with(Setting.EARLY_STOPPING_MONITOR, "val_loss").with(Setting.PATIENCE, 4)
        .with(Setting.MIN_DELTA, 0.001).with(Setting.RESTORE_BEST_WEIGHTS, true)
        .with(Setting.CHECKPOINT_EVERY, 500).with(Setting.CHECKPOINT_UNIT, Unit.STEP).with(Setting.KEEP_LAST, 3);
    EarlyStopping stopping = ExperimentSettings.earlyStopping(s).orElseThrow();
    assertEquals(new Monitor("val_loss", Monitor.Mode.MIN, 0.001), stopping.monitor());
    assertEquals(Monitor.Mode.MAX, ExperimentSettings.earlyStopping(s.with(Setting.MODE, MonitorMode.MAX))
        .orElseThrow().monitor().mode());
    assertTrue(ExperimentSettings.checkpoint(s).isPresent());
    assertFalse(ExperimentSettings.checkpoint(s.with(Setting.CHECKPOINT_EVERY, 0)).isPresent());
  }

  @Test
  void aComputedScheduleAndADeclaredOneConflict() {
    Settings cosine = DEFAULTS.with(Setting.SCHEDULE_TYPE, ScheduleType.COSINE).with(Setting.T_MAX, 10L);
    Trainer.Builder builder = Trainer.builder().settings(cosine);
    String message = assertThrows(IllegalStateException.class, () -> builder.schedule(
        Schedule.function("Exp.rate", (step, epoch, lr) -> lr), Interval.STEP)).getMessage();
    assertTrue(message.startsWith("The schedule is computed by function(Exp.rate), and the settings declare one"
        + " too (schedule.type = COSINE)"), message);
    Trainer.builder().settings(DEFAULTS).schedule(Schedule.exponential(0.9), Interval.EPOCH); // nothing declared
  }

  private static void assertSchedule(Schedule expected, Settings settings) {
    assertEquals(expected.describe(), ExperimentSettings.schedule(settings).orElseThrow().describe());
  }

  private static String message(Runnable action) {
    return assertThrows(IllegalArgumentException.class, action::run).getMessage();
  }
}
