package dev.ortrain.data;

/**
 * Rewrites one field of every sample while batches are assembled (normalization, one-hot encoding,
 * augmentation). Implementations are immutable and may run on the prefetch thread. Randomness comes only
 * from {@link SampleContext#random()}, which is a pure function of (seed, epoch, sample index, transform
 * position), so a resumed run augments every sample exactly as the interrupted one would have.
 */
public interface Transform {

  /** The field this transform reads and replaces. */
  String field();

  /**
   * The field after the transform, given the field before; throws {@link IllegalArgumentException} naming
   * the transform when it cannot handle that field (wrong type or shape). Called once, when a loader is built.
   */
  FieldSpec outputSpec(FieldSpec input);

  /** Writes the transformed values of one sample into {@code out} (a different array than {@code in}). */
  void apply(FieldValues in, FieldValues out, SampleContext context);
}
