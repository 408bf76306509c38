package dev.ortrain.data;

/** Which sample a {@link Transform} is working on, and its random numbers for that sample. */
public final class SampleContext {
  // The sample a loader is assembling on this thread, so that augmented views under any wrapper see it.
  private static final ThreadLocal<SampleContext> ASSEMBLING = new ThreadLocal<>();

  private final SampleRandom random;
  private long seed;
  private int epoch;
  private int sampleIndex;

  SampleContext() {
    this(new SampleRandom());
  }

  private SampleContext(SampleRandom random) {
    this.random = random;
  }

  /**
   * A context without random numbers, for transforms that run on every read of a dataset view: a read has no
   * epoch to draw them from, so a random transform there could not repeat itself on resume.
   */
  static SampleContext withoutRandomNumbers() {
    return new SampleContext(null);
  }

  /** The sample a loader is assembling on the calling thread, or null outside a loader's assembly. */
  static SampleContext assembling() {
    return ASSEMBLING.get();
  }

  /** Makes this the context of the sample assembled on this thread; returns the one it replaces. */
  SampleContext startAssembling() {
    SampleContext previous = ASSEMBLING.get();
    ASSEMBLING.set(this);
    return previous;
  }

  /**
   * Makes reads on this thread see samples as they are, for a loader that does not augment; returns the context
   * it suspends, for {@link #stopAssembling}.
   */
  static SampleContext suspendAssembling() {
    SampleContext previous = ASSEMBLING.get();
    ASSEMBLING.remove();
    return previous;
  }

  /** Ends {@link #startAssembling} or {@link #suspendAssembling}, restoring {@code previous} (null: none). */
  static void stopAssembling(SampleContext previous) {
    if (previous == null) {
      ASSEMBLING.remove();
    } else {
      ASSEMBLING.set(previous);
    }
  }

  /** Moves to a sample; allocation-free because it runs for every sample. */
  void moveTo(long seed, int epoch, int sampleIndex) {
    this.seed = seed;
    this.epoch = epoch;
    this.sampleIndex = sampleIndex;
  }

  /** Prepares the random numbers of transform number {@code stream} for the current sample. */
  void startTransform(long stream) {
    if (random != null) {
      random.reseed(seed, epoch, sampleIndex, stream);
    }
  }

  public int epoch() {
    return epoch;
  }

  /** The sample's index in the dataset (not its position in the shuffled order). */
  public int sampleIndex() {
    return sampleIndex;
  }

  /**
   * The random numbers of this transform for this sample.
   *
   * @throws IllegalStateException for a transform of {@link Dataset#transformed}, which must not draw any
   */
  public SampleRandom random() {
    if (random == null) {
      throw new IllegalStateException("A transform of Dataset.transformed(...) asked for random numbers; those"
          + " transforms run on every read, which has no epoch to draw them from. Declare random transforms"
          + " with Dataset.augmented(...) (or a loader's transform(...)), where they are drawn per seed, epoch"
          + " and sample.");
    }
    return random;
  }
}
