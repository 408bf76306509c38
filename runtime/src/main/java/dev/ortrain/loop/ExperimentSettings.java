package dev.ortrain.loop;

import dev.ortrain.annotations.MonitorMode;
import dev.ortrain.annotations.NanAction;
import dev.ortrain.annotations.OptimizerType;
import dev.ortrain.annotations.ScheduleType;
import dev.ortrain.annotations.Unit;
import dev.ortrain.artifacts.Optimizer;
import dev.ortrain.callbacks.EarlyStopping;
import dev.ortrain.callbacks.ModelCheckpoint;
import dev.ortrain.callbacks.Monitor;
import dev.ortrain.ort.Device;
import dev.ortrain.rules.MetricNaming;
import dev.ortrain.schedule.Interval;
import dev.ortrain.schedule.ReduceOnPlateau;
import dev.ortrain.schedule.Schedule;
import dev.ortrain.settings.Setting;
import dev.ortrain.settings.Settings;
import java.util.List;
import java.util.Optional;

/**
 * What an experiment's {@link Settings} mean to the training loop: its configuration, its learning-rate
 * schedule, early stopping and checkpoints. The generated trainers read their annotations' settings through
 * here, so a value changed at run time ({@code --set}) takes the same path as an annotated one.
 */
public final class ExperimentSettings {
  private ExperimentSettings() {}

  /** The loop's configuration. */
  public static TrainerConfig config(Settings s) {
    TrainerConfig.Builder config = TrainerConfig.builder()
        .epochs(s.integer(Setting.EPOCHS))
        .batchSize(s.integer(Setting.BATCH_SIZE))
        .seed(s.whole(Setting.SEED))
        .device(Device.parse(s.text(Setting.DEVICE)))
        .threads(s.integer(Setting.THREADS))
        .prefetch(s.integer(Setting.PREFETCH))
        .learningRate((float) s.number(Setting.LEARNING_RATE))
        .optimizer(optimizer(s))
        .accumulationSteps(s.integer(Setting.ACCUMULATION_STEPS))
        .shuffle(s.flag(Setting.SHUFFLE))
        .dropLast(s.flag(Setting.DROP_LAST))
        .validation(new ValidationConfig(s.integer(Setting.VALIDATE_EVERY),
            interval(s.choice(Setting.VALIDATION_UNIT, Unit.class)), s.integer(Setting.VALIDATION_BATCHES),
            s.number(Setting.VALIDATION_FRACTION)))
        .nanPolicy(s.choice(Setting.NAN_POLICY, NanAction.class) == NanAction.SKIP
            ? NanPolicy.skip(s.integer(Setting.MAX_SKIPPED_STEPS)) : NanPolicy.fail());
    double clip = s.number(Setting.CLIP_GRAD_NORM);
    if (clip != 0) {
      config.clipGradNorm((float) clip);
    }
    return config.build();
  }

  static Optimizer optimizer(Settings s) {
    float weightDecay = (float) s.weightDecay();
    if (s.choice(Setting.OPTIMIZER, OptimizerType.class) == OptimizerType.SGD) {
      if (s.flag(Setting.NESTEROV) && s.number(Setting.MOMENTUM) == 0) {
        throw new IllegalArgumentException("nesterov = true needs momentum > 0 (as in PyTorch); set momentum,"
            + " e.g. 0.9");
      }
      return new Optimizer.Sgd((float) s.number(Setting.MOMENTUM), weightDecay, s.flag(Setting.NESTEROV));
    }
    return new Optimizer.AdamW((float) s.number(Setting.BETA1), (float) s.number(Setting.BETA2),
        (float) s.number(Setting.EPSILON), weightDecay, true);
  }

  /** The declared schedule, warm-up included; empty for a constant rate or a plateau schedule. */
  public static Optional<Schedule> schedule(Settings s) {
    ScheduleType type = s.choice(Setting.SCHEDULE_TYPE, ScheduleType.class);
    long warmup = s.whole(Setting.WARMUP_STEPS);
    if (type == ScheduleType.PLATEAU) {
      if (warmup > 0) {
        throw new IllegalArgumentException("schedule.warmupSteps is not supported by type = PLATEAU, which"
            + " reacts to validations; set it to 0 or choose another type");
      }
      return Optional.empty();
    }
    Optional<Schedule> base = switch (type) {
      case STEP -> Optional.of(Schedule.step(required(s, Setting.STEP_SIZE, type), s.number(Setting.GAMMA)));
      case MULTI_STEP -> Optional.of(Schedule.multiStep(milestones(s), s.number(Setting.GAMMA)));
      case EXPONENTIAL -> Optional.of(Schedule.exponential(s.number(Setting.GAMMA)));
      case COSINE -> Optional.of(Schedule.cosine(required(s, Setting.T_MAX, type),
          s.number(Setting.MIN_LEARNING_RATE)));
      default -> Optional.empty(); // CONSTANT (PLATEAU returned above)
    };
    if (warmup == 0) {
      return base;
    }
    double start = s.number(Setting.WARMUP_START_FACTOR);
    return Optional.of(base.map(b -> b.afterWarmup(warmup, start)).orElseGet(() -> Schedule.linearWarmup(warmup,
        start)));
  }

  /** When the schedule ticks. */
  public static Interval scheduleUnit(Settings s) {
    return interval(s.choice(Setting.SCHEDULE_UNIT, Unit.class));
  }

  /** The plateau schedule, when {@code schedule.type = PLATEAU}. */
  public static Optional<ReduceOnPlateau> plateau(Settings s) {
    if (s.choice(Setting.SCHEDULE_TYPE, ScheduleType.class) != ScheduleType.PLATEAU) {
      return Optional.empty();
    }
    String monitor = s.text(Setting.PLATEAU_MONITOR);
    ReduceOnPlateau.Mode mode = lowerIsBetter(s.choice(Setting.PLATEAU_MODE, MonitorMode.class), monitor)
        ? ReduceOnPlateau.Mode.MIN : ReduceOnPlateau.Mode.MAX;
    return Optional.of(new ReduceOnPlateau(monitor, mode, s.number(Setting.FACTOR),
        s.integer(Setting.PLATEAU_PATIENCE), s.number(Setting.THRESHOLD), ReduceOnPlateau.ThresholdMode.REL,
        s.integer(Setting.COOLDOWN), s.number(Setting.MIN_LEARNING_RATE)));
  }

  /** Early stopping, when a metric to watch is set. */
  public static Optional<EarlyStopping> earlyStopping(Settings s) {
    String metric = s.text(Setting.EARLY_STOPPING_MONITOR);
    if (metric.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new EarlyStopping(monitor(metric, s.choice(Setting.MODE, MonitorMode.class),
        s.number(Setting.MIN_DELTA)), s.integer(Setting.PATIENCE), s.flag(Setting.RESTORE_BEST_WEIGHTS)));
  }

  /** Checkpoints, when {@code checkpointEvery > 0}. */
  public static Optional<ModelCheckpoint> checkpoint(Settings s) {
    int every = s.integer(Setting.CHECKPOINT_EVERY);
    if (every == 0) {
      return Optional.empty();
    }
    String best = s.text(Setting.CHECKPOINT_MONITOR);
    return Optional.of(new ModelCheckpoint(every, interval(s.choice(Setting.CHECKPOINT_UNIT, Unit.class)),
        s.integer(Setting.KEEP_LAST),
        best.isEmpty() ? null : monitor(best, s.choice(Setting.CHECKPOINT_MODE, MonitorMode.class), 0)));
  }

  private static long required(Settings s, Setting length, ScheduleType type) {
    long value = s.whole(length);
    if (value == 0) {
      throw new IllegalArgumentException("schedule.type = " + type + " needs " + length.key() + " ("
          + length.rule().orElseThrow().hint() + ")");
    }
    return value;
  }

  private static List<Long> milestones(Settings s) {
    List<Long> milestones = s.wholeNumbers(Setting.MILESTONES);
    if (milestones.isEmpty()) {
      throw new IllegalArgumentException("schedule.type = MULTI_STEP needs schedule.milestones (steps or epochs"
          + " at which the learning rate is multiplied by gamma), e.g. 30,60");
    }
    return milestones;
  }

  private static Monitor monitor(String metric, MonitorMode mode, double minDelta) {
    return new Monitor(metric, lowerIsBetter(mode, metric) ? Monitor.Mode.MIN : Monitor.Mode.MAX, minDelta);
  }

  /** AUTO decides by the metric's name, as the processor does. */
  private static boolean lowerIsBetter(MonitorMode mode, String metric) {
    return mode == MonitorMode.AUTO ? MetricNaming.lowerIsBetter(metric) : mode == MonitorMode.MIN;
  }

  private static Interval interval(Unit unit) {
    return unit == Unit.STEP ? Interval.STEP : Interval.EPOCH;
  }
}
