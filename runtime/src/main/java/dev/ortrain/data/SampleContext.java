package dev.ortrain.data;

/** Which sample a {@link Transform} is working on, and its random numbers for that sample. */
public final class SampleContext {
  private final SampleRandom random = new SampleRandom();
  private long seed;
  private int epoch;
  private int sampleIndex;

  SampleContext() {}

  /** Moves to a sample; allocation-free because it runs for every sample. */
  void moveTo(long seed, int epoch, int sampleIndex) {
    this.seed = seed;
    this.epoch = epoch;
    this.sampleIndex = sampleIndex;
  }

  /** Prepares the random numbers of transform number {@code stream} for the current sample. */
  void startTransform(int stream) {
    random.reseed(seed, epoch, sampleIndex, stream);
  }

  public int epoch() {
    return epoch;
  }

  /** The sample's index in the dataset (not its position in the shuffled order). */
  public int sampleIndex() {
    return sampleIndex;
  }

  public SampleRandom random() {
    return random;
  }
}
