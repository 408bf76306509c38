package dev.ortrain.rules;

import java.util.List;
import java.util.Optional;

/**
 * Every numeric rule of ortrain's training configuration, in one place. The annotation processor checks
 * {@code @Trainer}/{@code @Schedule} values against these at compile time; the runtime's configuration
 * records check overridden values against the same objects, so both report the same message.
 */
public final class ConfigRules {
  public static final Range EPOCHS = Range.closed("epochs", 1, 1_000_000, "number of passes over the training data");
  public static final Range BATCH_SIZE = Range.closed("batchSize", 1, 1 << 20, "samples per micro-batch");
  public static final Range LEARNING_RATE = Range.openClosed("learningRate", 0, 10, "initial learning rate");
  public static final Range MIN_LEARNING_RATE = Range.closed("minLearningRate", 0, 10,
      "floor of a decaying schedule");
  public static final Range MOMENTUM = Range.closedOpen("momentum", 0, 1, "SGD momentum factor");
  public static final Range BETA1 = Range.closedOpen("beta1", 0, 1, "AdamW first-moment decay");
  public static final Range BETA2 = Range.closedOpen("beta2", 0, 1, "AdamW second-moment decay");
  public static final Range EPSILON = Range.openClosed("epsilon", 0, 1, "AdamW denominator term");
  public static final Range WEIGHT_DECAY = Range.closed("weightDecay", 0, 1, "decoupled weight decay");
  public static final Range CLIP_GRAD_NORM = Range.above("clipGradNorm", 0, "max global L2 norm of the gradient");
  public static final Range ACCUMULATION_STEPS = Range.closed("accumulationSteps", 1, 4096,
      "micro-batches per optimizer step");
  public static final Range PATIENCE = Range.closed("patience", 1, 1_000_000,
      "validations without improvement before stopping");
  public static final Range MIN_DELTA = Range.atLeast("minDelta", 0, "smallest change that counts as improvement");
  public static final Range WARMUP_STEPS = Range.atLeast("warmupSteps", 0, "steps of linear warm-up");
  public static final Range WARMUP_START_FACTOR = Range.openClosed("warmupStartFactor", 0, 1,
      "fraction of the learning rate warm-up starts from");
  public static final Range STEP_SIZE = Range.atLeast("stepSize", 1, "steps or epochs between decays");
  public static final Range GAMMA = Range.openClosed("gamma", 0, 1, "multiplicative decay factor");
  public static final Range PLATEAU_FACTOR = Range.above("factor", 0, "multiplier applied on a plateau")
      .withMaxOpen(1);
  public static final Range PLATEAU_PATIENCE = Range.closed("plateauPatience", 0, 1_000_000,
      "validations without improvement before the learning rate is reduced");
  public static final Range PLATEAU_THRESHOLD = Range.atLeast("threshold", 0,
      "smallest relative or absolute change that counts as improvement");
  public static final Range PLATEAU_COOLDOWN = Range.closed("cooldown", 0, 1_000_000,
      "validations to wait after a reduction before counting bad ones again");
  public static final Range T_MAX = Range.atLeast("tMax", 1, "steps or epochs from the initial to the minimum "
      + "learning rate of cosine annealing");
  public static final Range MILESTONE = Range.atLeast("milestone", 1, "step or epoch at which the learning rate "
      + "is multiplied by gamma");
  public static final Range VALIDATION_FRACTION = Range.openClosed("validationFraction", 0, 1,
      "fraction of the validation batches to run");
  public static final Range VALIDATION_BATCHES = Range.atLeast("validationBatches", 0,
      "validation batches to run (0 = all)");
  public static final Range MAX_SKIPPED = Range.atLeast("maxSkipped", 0,
      "skipped non-finite steps tolerated in a run (0 = no limit)");
  public static final Range EVERY = Range.atLeast("every", 1, "frequency in epochs or steps");
  public static final Range KEEP_LAST = Range.atLeast("keepLast", 0, "checkpoints to keep (0 = all)");
  public static final Range TOP_K = Range.closed("topK", 1, 1000, "k of top-k accuracy");
  public static final Range LABEL_SMOOTHING = Range.closedOpen("labelSmoothing", 0, 1,
      "probability mass spread over all classes");
  public static final Range DROPOUT = Range.closedOpen("dropout", 0, 1, "probability of zeroing an activation");
  public static final Range THREADS = Range.closed("threads", 0, 4096, "0 = one per available processor");
  public static final Range PREFETCH = Range.closed("prefetch", -1, 64,
      "batches prepared ahead on a background thread; 0 = on the training thread, -1 = automatic");
  public static final Range DEVICE_ID = Range.closed("deviceId", 0, 1024, "CUDA device ordinal");

  private ConfigRules() {}

  /** Every rule, for documentation and for tests that each one is enforced. */
  public static List<Range> all() {
    return List.of(EPOCHS, BATCH_SIZE, LEARNING_RATE, MIN_LEARNING_RATE, MOMENTUM, BETA1, BETA2, EPSILON,
        WEIGHT_DECAY, CLIP_GRAD_NORM, ACCUMULATION_STEPS, PATIENCE, MIN_DELTA, WARMUP_STEPS, WARMUP_START_FACTOR,
        STEP_SIZE, GAMMA, PLATEAU_FACTOR, PLATEAU_PATIENCE, PLATEAU_THRESHOLD, PLATEAU_COOLDOWN, T_MAX, MILESTONE,
        VALIDATION_FRACTION, VALIDATION_BATCHES, MAX_SKIPPED, EVERY, KEEP_LAST, TOP_K, LABEL_SMOOTHING, DROPOUT,
        THREADS, PREFETCH, DEVICE_ID);
  }

  /**
   * The error for a warm-up longer than the training, or empty when it fits. Shared by the processor (when
   * both are known at compile time) and the runtime's schedules.
   *
   * @param warmup warm-up length in {@code unit}s
   * @param trainingLength the whole training in the same unit
   * @param unit "optimizer steps" or "epochs"
   */
  public static Optional<String> checkWarmupFits(long warmup, long trainingLength, String unit) {
    if (warmup <= trainingLength) {
      return Optional.empty();
    }
    return Optional.of(WARMUP_STEPS.field() + " = " + warmup + " is longer than the training (" + trainingLength
        + " " + unit + "); the learning rate would never reach its initial value");
  }
}
