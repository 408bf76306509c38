package dev.ortrain.settings;

import dev.ortrain.annotations.MonitorMode;
import dev.ortrain.annotations.NanAction;
import dev.ortrain.annotations.OptimizerType;
import dev.ortrain.annotations.ScheduleType;
import dev.ortrain.annotations.Unit;
import dev.ortrain.rules.ConfigRules;
import dev.ortrain.rules.Range;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every attribute of {@code @Trainer} and {@code @Schedule} that decides how an experiment trains, with its
 * kind of value, its default (the annotation's) and its rule. A run changes them by {@link #key()}: the
 * attribute's name for {@code @Trainer}, {@code schedule.} and the name for {@code @Schedule} (both declare a
 * {@code mode}).
 */
public enum Setting {
  EPOCHS(Owner.TRAINER, "epochs", ValueKind.INT, 10, ConfigRules.EPOCHS),
  BATCH_SIZE(Owner.TRAINER, "batchSize", ValueKind.INT, 64, ConfigRules.BATCH_SIZE),
  SEED(Owner.TRAINER, "seed", ValueKind.LONG, 42L, null),
  DEVICE(Owner.TRAINER, "device", ValueKind.TEXT, "cpu", null),
  THREADS(Owner.TRAINER, "threads", ValueKind.INT, 0, ConfigRules.THREADS),
  PREFETCH(Owner.TRAINER, "prefetch", ValueKind.INT, -1, ConfigRules.PREFETCH),
  OPTIMIZER(Owner.TRAINER, "optimizer", ValueKind.CHOICE, OptimizerType.ADAMW, null),
  LEARNING_RATE(Owner.TRAINER, "learningRate", ValueKind.NUMBER, 1e-3, ConfigRules.LEARNING_RATE),
  BETA1(Owner.TRAINER, "beta1", ValueKind.NUMBER, 0.9, ConfigRules.BETA1),
  BETA2(Owner.TRAINER, "beta2", ValueKind.NUMBER, 0.999, ConfigRules.BETA2),
  EPSILON(Owner.TRAINER, "epsilon", ValueKind.NUMBER, 1e-8, ConfigRules.EPSILON),
  /** -1 = the optimizer's default, resolved by {@link Settings#weightDecay()}. */
  WEIGHT_DECAY(Owner.TRAINER, "weightDecay", ValueKind.NUMBER, -1.0, ConfigRules.WEIGHT_DECAY, -1.0),
  MOMENTUM(Owner.TRAINER, "momentum", ValueKind.NUMBER, 0.0, ConfigRules.MOMENTUM),
  NESTEROV(Owner.TRAINER, "nesterov", ValueKind.FLAG, false, null),
  ACCUMULATION_STEPS(Owner.TRAINER, "accumulationSteps", ValueKind.INT, 1, ConfigRules.ACCUMULATION_STEPS),
  /** 0 = no clipping. */
  CLIP_GRAD_NORM(Owner.TRAINER, "clipGradNorm", ValueKind.NUMBER, 0.0, ConfigRules.CLIP_GRAD_NORM, 0.0),
  VALIDATE_EVERY(Owner.TRAINER, "validateEvery", ValueKind.INT, 1, ConfigRules.EVERY),
  VALIDATION_UNIT(Owner.TRAINER, "validationUnit", ValueKind.CHOICE, Unit.EPOCH, null),
  VALIDATION_BATCHES(Owner.TRAINER, "validationBatches", ValueKind.INT, 0, ConfigRules.VALIDATION_BATCHES),
  VALIDATION_FRACTION(Owner.TRAINER, "validationFraction", ValueKind.NUMBER, 1.0, ConfigRules.VALIDATION_FRACTION),
  /** 0 = no checkpoints. */
  CHECKPOINT_EVERY(Owner.TRAINER, "checkpointEvery", ValueKind.INT, 0, ConfigRules.EVERY, 0),
  CHECKPOINT_UNIT(Owner.TRAINER, "checkpointUnit", ValueKind.CHOICE, Unit.EPOCH, null),
  KEEP_LAST(Owner.TRAINER, "keepLast", ValueKind.INT, 2, ConfigRules.KEEP_LAST),
  CHECKPOINT_MONITOR(Owner.TRAINER, "checkpointMonitor", ValueKind.TEXT, "", null),
  CHECKPOINT_MODE(Owner.TRAINER, "checkpointMode", ValueKind.CHOICE, MonitorMode.AUTO, null),
  EARLY_STOPPING_MONITOR(Owner.TRAINER, "earlyStoppingMonitor", ValueKind.TEXT, "", null),
  PATIENCE(Owner.TRAINER, "patience", ValueKind.INT, 3, ConfigRules.PATIENCE),
  MIN_DELTA(Owner.TRAINER, "minDelta", ValueKind.NUMBER, 0.0, ConfigRules.MIN_DELTA),
  MODE(Owner.TRAINER, "mode", ValueKind.CHOICE, MonitorMode.AUTO, null),
  RESTORE_BEST_WEIGHTS(Owner.TRAINER, "restoreBestWeights", ValueKind.FLAG, false, null),
  SHUFFLE(Owner.TRAINER, "shuffle", ValueKind.FLAG, true, null),
  DROP_LAST(Owner.TRAINER, "dropLast", ValueKind.FLAG, false, null),
  NAN_POLICY(Owner.TRAINER, "nanPolicy", ValueKind.CHOICE, NanAction.FAIL, null),
  MAX_SKIPPED_STEPS(Owner.TRAINER, "maxSkippedSteps", ValueKind.INT, 0, ConfigRules.MAX_SKIPPED),

  SCHEDULE_TYPE(Owner.SCHEDULE, "type", ValueKind.CHOICE, ScheduleType.CONSTANT, null),
  SCHEDULE_UNIT(Owner.SCHEDULE, "unit", ValueKind.CHOICE, Unit.STEP, null),
  WARMUP_STEPS(Owner.SCHEDULE, "warmupSteps", ValueKind.LONG, 0L, ConfigRules.WARMUP_STEPS),
  WARMUP_START_FACTOR(Owner.SCHEDULE, "warmupStartFactor", ValueKind.NUMBER, 0.1, ConfigRules.WARMUP_START_FACTOR),
  /** STEP needs it; 0 = not given. */
  STEP_SIZE(Owner.SCHEDULE, "stepSize", ValueKind.LONG, 0L, ConfigRules.STEP_SIZE, 0L),
  GAMMA(Owner.SCHEDULE, "gamma", ValueKind.NUMBER, 0.1, ConfigRules.GAMMA),
  MILESTONES(Owner.SCHEDULE, "milestones", ValueKind.WHOLE_NUMBERS, List.<Long>of(), null),
  /** COSINE needs it; 0 = not given. */
  T_MAX(Owner.SCHEDULE, "tMax", ValueKind.LONG, 0L, ConfigRules.T_MAX, 0L),
  MIN_LEARNING_RATE(Owner.SCHEDULE, "minLearningRate", ValueKind.NUMBER, 0.0, ConfigRules.MIN_LEARNING_RATE),
  PLATEAU_MONITOR(Owner.SCHEDULE, "monitor", ValueKind.TEXT, "val_loss", null),
  PLATEAU_MODE(Owner.SCHEDULE, "mode", ValueKind.CHOICE, MonitorMode.AUTO, null),
  FACTOR(Owner.SCHEDULE, "factor", ValueKind.NUMBER, 0.1, ConfigRules.PLATEAU_FACTOR),
  PLATEAU_PATIENCE(Owner.SCHEDULE, "plateauPatience", ValueKind.INT, 10, ConfigRules.PLATEAU_PATIENCE),
  THRESHOLD(Owner.SCHEDULE, "threshold", ValueKind.NUMBER, 1e-4, ConfigRules.PLATEAU_THRESHOLD),
  COOLDOWN(Owner.SCHEDULE, "cooldown", ValueKind.INT, 0, ConfigRules.PLATEAU_COOLDOWN);

  /** The annotation that declares a setting. */
  public enum Owner { TRAINER, SCHEDULE }

  /** What a setting's value is, and so how it is read from text. */
  public enum ValueKind { INT, LONG, NUMBER, FLAG, TEXT, CHOICE, WHOLE_NUMBERS }

  private final Owner owner;
  private final String attribute;
  private final ValueKind kind;
  private final Object defaultValue;
  private final Range rule;
  private final Object unset;

  Setting(Owner owner, String attribute, ValueKind kind, Object defaultValue, Range rule) {
    this(owner, attribute, kind, defaultValue, rule, null);
  }

  /** A setting whose {@code unset} value means "off" or "not given" and is exempt from its rule. */
  Setting(Owner owner, String attribute, ValueKind kind, Object defaultValue, Range rule, Object unset) {
    this.owner = owner;
    this.attribute = attribute;
    this.kind = kind;
    this.defaultValue = defaultValue;
    this.rule = rule;
    this.unset = unset;
  }

  public Owner owner() {
    return owner;
  }

  /** The annotation attribute's name. */
  public String attribute() {
    return attribute;
  }

  /** How a run names it: the attribute, prefixed with {@code schedule.} for {@code @Schedule}'s. */
  public String key() {
    return owner == Owner.SCHEDULE ? "schedule." + attribute : attribute;
  }

  public ValueKind kind() {
    return kind;
  }

  /** The annotation's default. */
  public Object defaultValue() {
    return defaultValue;
  }

  /** The range a numeric value must lie in, except the {@link #unset()} value. */
  public Optional<Range> rule() {
    return Optional.ofNullable(rule);
  }

  /** The value that means "off" or "not given" ({@code clipGradNorm = 0}, {@code weightDecay = -1}, ...). */
  public Optional<Object> unset() {
    return Optional.ofNullable(unset);
  }

  /** The enum a {@link ValueKind#CHOICE} takes its values from. */
  public Class<? extends Enum<?>> choices() {
    if (kind != ValueKind.CHOICE) {
      throw new IllegalStateException(key() + " is not a choice");
    }
    @SuppressWarnings("unchecked")
    Class<? extends Enum<?>> type = (Class<? extends Enum<?>>) defaultValue.getClass();
    return type;
  }

  /** By {@link #key()}, ignoring case. */
  public static Optional<Setting> byKey(String key) {
    String wanted = key.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(s -> s.key().toLowerCase(Locale.ROOT).equals(wanted)).findFirst();
  }

  /** Every key, in declaration order. */
  public static List<String> keys() {
    return Arrays.stream(values()).map(Setting::key).toList();
  }
}
