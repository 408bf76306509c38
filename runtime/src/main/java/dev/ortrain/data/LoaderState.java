package dev.ortrain.data;

import java.io.Serializable;

/**
 * Where a loader stands: its seed, the epoch and how many samples of that epoch were already delivered.
 * Because an epoch's order and augmentation are pure functions of (seed, epoch, sample), these three numbers
 * are all a resumed run needs to continue with exactly the batches the interrupted run would have seen.
 * Store it with the model checkpoint ({@link #encode()} gives a one-line text form).
 */
public record LoaderState(long seed, int epoch, int position) implements Serializable {

  public LoaderState {
    if (epoch < 0 || position < 0) {
      throw new IllegalArgumentException("Loader state needs epoch >= 0 and position >= 0, got epoch " + epoch
          + ", position " + position);
    }
  }

  /** {@code seed=42;epoch=3;position=1280}. */
  public String encode() {
    return "seed=" + seed + ";epoch=" + epoch + ";position=" + position;
  }

  /** Reads {@link #encode()}'s form. */
  public static LoaderState decode(String text) {
    String[] parts = text.trim().split(";");
    String[] keys = {"seed", "epoch", "position"};
    long[] values = new long[3];
    if (parts.length != 3) {
      throw malformed(text);
    }
    for (int i = 0; i < 3; i++) {
      String prefix = keys[i] + "=";
      if (!parts[i].startsWith(prefix)) {
        throw malformed(text);
      }
      try {
        values[i] = Long.parseLong(parts[i].substring(prefix.length()));
      } catch (NumberFormatException e) {
        throw malformed(text);
      }
    }
    if (values[1] > Integer.MAX_VALUE || values[2] > Integer.MAX_VALUE) {
      throw malformed(text);
    }
    return new LoaderState(values[0], (int) values[1], (int) values[2]);
  }

  private static IllegalArgumentException malformed(String text) {
    return new IllegalArgumentException("Malformed loader state '" + text
        + "'; expected seed=<long>;epoch=<int>;position=<int> as written by LoaderState.encode()");
  }
}
