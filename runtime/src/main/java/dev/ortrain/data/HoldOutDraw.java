package dev.ortrain.data;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Which samples a hold-out keeps for validation: the first {@code count} positions of a partial Fisher-Yates
 * shuffle drawn from the seed with {@link SampleRandom}, the project's own generator, so the split is the same
 * on every JVM and machine. Because the draw does not depend on {@code count}, a larger fraction holds out a
 * superset of a smaller one's samples.
 */
final class HoldOutDraw {
  // Training epochs are >= 0, so no shuffle or augmentation stream uses the epoch key -1.
  private static final long HOLD_OUT_KEY = -1;
  private static final long UNSTRATIFIED_STREAM = Long.MIN_VALUE;

  private HoldOutDraw() {}

  /** {@code count} of {@code size} samples, each equally likely. */
  static boolean[] uniform(int size, int count, long seed) {
    int[] samples = IntStream.range(0, size).toArray();
    boolean[] heldOut = new boolean[size];
    markFirstDrawn(samples, count, random(seed, UNSTRATIFIED_STREAM), heldOut);
    return heldOut;
  }

  /**
   * {@code count} samples in all, each class contributing its share of {@code count}: the integer part of
   * count × classSize / size, plus one for the classes with the largest remainders (ties to the smaller
   * label) until the total is {@code count}. Each class draws from its own stream, keyed by its label.
   */
  static boolean[] stratified(ClassLabels labels, int count, long seed) {
    int[] quotas = quotas(labels, count);
    boolean[] heldOut = new boolean[labels.samples()];
    for (int c = 0; c < labels.classCount(); c++) {
      markFirstDrawn(labels.members(c), quotas[c], random(seed, labels.label(c)), heldOut);
    }
    return heldOut;
  }

  /** Each class's share of {@code count} by largest remainder, in exact integer arithmetic. */
  static int[] quotas(ClassLabels labels, int count) {
    int classes = labels.classCount();
    long size = labels.samples();
    int[] quotas = new int[classes];
    long[] remainders = new long[classes];
    int assigned = 0;
    for (int c = 0; c < classes; c++) {
      long share = (long) count * labels.classSize(c);
      quotas[c] = (int) (share / size);
      remainders[c] = share % size;
      assigned += quotas[c];
    }
    Integer[] byRemainder = IntStream.range(0, classes).boxed().toArray(Integer[]::new);
    Arrays.sort(byRemainder, Comparator.comparingLong((Integer c) -> -remainders[c]));
    for (int k = 0; k < count - assigned; k++) {
      quotas[byRemainder[k]]++;
    }
    return quotas;
  }

  /** Shuffles the first {@code count} positions of {@code samples} into place and marks those samples. */
  private static void markFirstDrawn(int[] samples, int count, SampleRandom random, boolean[] heldOut) {
    for (int i = 0; i < count; i++) {
      int j = i + random.nextInt(samples.length - i);
      int drawn = samples[j];
      samples[j] = samples[i];
      samples[i] = drawn;
      heldOut[drawn] = true;
    }
  }

  private static SampleRandom random(long seed, long stream) {
    SampleRandom random = new SampleRandom();
    random.reseed(seed, HOLD_OUT_KEY, HOLD_OUT_KEY, stream);
    return random;
  }
}
