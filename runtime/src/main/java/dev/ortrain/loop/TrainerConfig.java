package dev.ortrain.loop;

import dev.ortrain.artifacts.Optimizer;
import dev.ortrain.ort.Device;
import dev.ortrain.rules.ConfigRules;
import java.util.Objects;
import java.util.Optional;

/**
 * The training loop's configuration: immutable, validated when built, with messages from
 * {@link ConfigRules} (the same the annotation processor reports at compile time).
 */
public final class TrainerConfig {
  /** {@link #prefetch()} value: decided by {@link #prefetchDepth(int)} from the device and the spare processors. */
  public static final int PREFETCH_AUTO = -1;

  private final int epochs;
  private final int batchSize;
  private final long seed;
  private final Device device;
  private final int threads;
  private final int prefetch;
  private final float learningRate;
  private final Optimizer optimizer;
  private final int accumulationSteps;
  private final Float clipGradNorm;
  private final boolean shuffle;
  private final boolean dropLast;
  private final ValidationConfig validation;
  private final NanPolicy nanPolicy;

  private TrainerConfig(Builder b) {
    this.epochs = ConfigRules.EPOCHS.requireInt(b.epochs);
    this.batchSize = ConfigRules.BATCH_SIZE.requireInt(b.batchSize);
    this.seed = b.seed;
    this.device = Objects.requireNonNull(b.device, "device");
    this.threads = ConfigRules.THREADS.requireInt(b.threads);
    this.prefetch = ConfigRules.PREFETCH.requireInt(b.prefetch);
    this.learningRate = (float) ConfigRules.LEARNING_RATE.require(b.learningRate);
    this.optimizer = Objects.requireNonNull(b.optimizer, "optimizer");
    this.accumulationSteps = ConfigRules.ACCUMULATION_STEPS.requireInt(b.accumulationSteps);
    if (b.clipGradNorm != null) {
      ConfigRules.CLIP_GRAD_NORM.require(b.clipGradNorm);
    }
    this.clipGradNorm = b.clipGradNorm;
    this.shuffle = b.shuffle;
    this.dropLast = b.dropLast;
    this.validation = Objects.requireNonNull(b.validation, "validation");
    this.nanPolicy = Objects.requireNonNull(b.nanPolicy, "nanPolicy");
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this configuration's values, to override some of them. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.epochs = epochs;
    b.batchSize = batchSize;
    b.seed = seed;
    b.device = device;
    b.threads = threads;
    b.prefetch = prefetch;
    b.learningRate = learningRate;
    b.optimizer = optimizer;
    b.accumulationSteps = accumulationSteps;
    b.clipGradNorm = clipGradNorm;
    b.shuffle = shuffle;
    b.dropLast = dropLast;
    b.validation = validation;
    b.nanPolicy = nanPolicy;
    return b;
  }

  public int epochs() {
    return epochs;
  }

  public int batchSize() {
    return batchSize;
  }

  public long seed() {
    return seed;
  }

  public Device device() {
    return device;
  }

  /** Intra-op threads of ONNX Runtime (0 = one per available processor). */
  public int threads() {
    return threads;
  }

  /**
   * Batches the data loaders prepare ahead on a background thread: 0 = on the training thread, n = up to n
   * ahead, {@link #PREFETCH_AUTO} = {@link #prefetchDepth(int)}.
   */
  public int prefetch() {
    return prefetch;
  }

  /**
   * The prefetch depth the loaders use on a machine with {@code processors} available processors. Automatic:
   * 2 where the loader has a processor of its own (a CUDA device, or CPU intra-op threads fewer than the
   * processors), else 0. Where ONNX Runtime's threads already occupy every processor, a background loader
   * can only preempt one of them, and every parallel kernel then waits for the preempted thread
   * (docs/performance-notes.md).
   */
  public int prefetchDepth(int processors) {
    if (prefetch != PREFETCH_AUTO) {
      return prefetch;
    }
    boolean spareProcessor = device instanceof Device.Cuda || threads > 0 && threads < processors;
    return spareProcessor ? 2 : 0;
  }

  public float learningRate() {
    return learningRate;
  }

  public Optimizer optimizer() {
    return optimizer;
  }

  public int accumulationSteps() {
    return accumulationSteps;
  }

  public Optional<Float> clipGradNorm() {
    return Optional.ofNullable(clipGradNorm);
  }

  public boolean shuffle() {
    return shuffle;
  }

  public boolean dropLast() {
    return dropLast;
  }

  public ValidationConfig validation() {
    return validation;
  }

  public NanPolicy nanPolicy() {
    return nanPolicy;
  }

  /**
   * The values that decide what a run computes, as text: two runs whose fingerprints differ must not be
   * resumed from each other's checkpoints. (Device, threads and prefetch are left out: a CPU run may resume on
   * another machine, and prefetching changes when batches are assembled, not which. Epochs are left out: they
   * decide where a run ends, not what its steps compute, so a run can be extended; checkpoints record them on
   * their own.)
   */
  public String fingerprint() {
    return "batchSize=" + batchSize + ";seed=" + seed + ";lr=" + learningRate
        + ";optimizer=" + optimizer.describe() + ";accumulation=" + accumulationSteps + ";clip=" + clipGradNorm
        + ";shuffle=" + shuffle + ";dropLast=" + dropLast + ";validation=" + validation + ";nan=" + nanPolicy;
  }

  @Override
  public String toString() {
    return "TrainerConfig{epochs=" + epochs + ";" + fingerprint() + ";device=" + device + ";threads=" + threads
        + ";prefetch=" + prefetch + "}";
  }

  /** Mutable builder with sensible defaults (10 epochs, batch 64, AdamW at 1e-3, seed 42, CPU). */
  public static final class Builder {
    private int epochs = 10;
    private int batchSize = 64;
    private long seed = 42L;
    private Device device = Device.cpu();
    private int threads = 0;
    private int prefetch = PREFETCH_AUTO;
    private float learningRate = 1e-3f;
    private Optimizer optimizer = Optimizer.AdamW.defaults();
    private int accumulationSteps = 1;
    private Float clipGradNorm;
    private boolean shuffle = true;
    private boolean dropLast = false;
    private ValidationConfig validation = ValidationConfig.everyEpoch();
    private NanPolicy nanPolicy = NanPolicy.fail();

    private Builder() {}

    public Builder epochs(int v) {
      epochs = v;
      return this;
    }

    public Builder batchSize(int v) {
      batchSize = v;
      return this;
    }

    public Builder seed(long v) {
      seed = v;
      return this;
    }

    public Builder device(Device v) {
      device = v;
      return this;
    }

    public Builder threads(int v) {
      threads = v;
      return this;
    }

    /** Batches prepared ahead (0 = on the training thread, {@link #PREFETCH_AUTO} = decided per machine). */
    public Builder prefetch(int v) {
      prefetch = v;
      return this;
    }

    public Builder learningRate(float v) {
      learningRate = v;
      return this;
    }

    public Builder optimizer(Optimizer v) {
      optimizer = v;
      return this;
    }

    public Builder accumulationSteps(int v) {
      accumulationSteps = v;
      return this;
    }

    /** Clip the accumulated gradient to this global L2 norm; null turns clipping off. */
    public Builder clipGradNorm(Float v) {
      clipGradNorm = v;
      return this;
    }

    public Builder shuffle(boolean v) {
      shuffle = v;
      return this;
    }

    public Builder dropLast(boolean v) {
      dropLast = v;
      return this;
    }

    public Builder validation(ValidationConfig v) {
      validation = v;
      return this;
    }

    public Builder nanPolicy(NanPolicy v) {
      nanPolicy = v;
      return this;
    }

    public TrainerConfig build() {
      return new TrainerConfig(this);
    }
  }
}
