package dev.ortrain.ort;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtTrainingSession;

/**
 * The one owner of ONNX Runtime's process-wide random seed ({@code OrtTrainingSession.setSeed}). Sessions in
 * one process share that generator: two open sessions that both draw from it would each see numbers the other
 * left, whatever their seeds, so their results would depend on how their steps interleave. A session whose
 * graph draws ({@link RuntimeGenerator}) claims the generator for its lifetime and a second such claim is
 * refused; a session whose graph does not draw (every graph ortrain writes) leaves the seed alone and may open
 * beside any other.
 */
public final class ProcessSeed {
  private static Claim holder;

  private ProcessSeed() {}

  /** The generator's claim while it is held, for as long as a session draws from it. */
  public static final class Claim implements AutoCloseable {
    private static final Claim NONE = new Claim(0);
    private final long seed;

    private Claim(long seed) {
      this.seed = seed;
    }

    /** Releases the generator (idempotent); the claim of a session that does not draw releases nothing. */
    @Override
    public void close() {
      synchronized (ProcessSeed.class) {
        if (holder == this) {
          holder = null;
        }
      }
    }
  }

  /**
   * Seeds the generator for a session that draws from it and holds it until the claim is closed; for one that
   * does not, a claim that holds nothing.
   *
   * @throws IllegalStateException while another open session holds the generator
   */
  public static synchronized Claim claim(boolean draws, long seed) {
    if (!draws) {
      return Claim.NONE;
    }
    if (holder != null) {
      throw new IllegalStateException("Another open training session (seed " + holder.seed + ") draws from ONNX"
          + " Runtime's process-wide random generator; a second one would share its numbers, whatever its seed."
          + " Close the first session before opening this one.");
    }
    try {
      OrtTrainingSession.setSeed(seed);
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime refused the seed " + seed + ": " + e.getMessage(), e);
    }
    holder = new Claim(seed);
    return holder;
  }
}
