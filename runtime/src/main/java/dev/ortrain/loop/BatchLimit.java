package dev.ortrain.loop;

/**
 * How many training batches an epoch runs, as a development aid: all of them, the first N, or a fraction.
 * Written {@code N} or {@code 0.F} on the command line ({@link #parse}).
 */
public sealed interface BatchLimit {

  /** The batches an epoch of {@code available} batches runs under this limit. */
  int of(int available);

  /** A stable description, for logs and the run's fingerprint. */
  String describe();

  /** Every batch: no limit. */
  static BatchLimit none() {
    return new All();
  }

  /** The first {@code batches} batches of each epoch (all of them when the epoch has fewer). */
  static BatchLimit batches(int batches) {
    return new Count(batches);
  }

  /** The first {@code fraction} of each epoch's batches, rounded down. */
  static BatchLimit fraction(double fraction) {
    return new Fraction(fraction);
  }

  /** Reads {@code N} (a count of batches) or {@code 0.F} (a fraction in (0, 1)). */
  static BatchLimit parse(String text) {
    String t = text.strip();
    try {
      return t.contains(".") ? fraction(Double.parseDouble(t)) : batches(Integer.parseInt(t));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("limit batches = '" + text + "' is neither a count of batches (e.g. 10) nor"
          + " a fraction of them (e.g. 0.25)");
    }
  }

  /** No limit. */
  record All() implements BatchLimit {
    @Override
    public int of(int available) {
      return available;
    }

    @Override
    public String describe() {
      return "all";
    }
  }

  /** The first {@code batches} batches. */
  record Count(int batches) implements BatchLimit {
    public Count {
      if (batches < 1) {
        throw new IllegalArgumentException("limit batches = " + batches + " would train on nothing; give at least 1"
            + " batch, or a fraction such as 0.25");
      }
    }

    @Override
    public int of(int available) {
      return Math.min(batches, available);
    }

    @Override
    public String describe() {
      return batches + " batches";
    }
  }

  /** The first {@code fraction} of the batches, rounded down, as Lightning's {@code limit_train_batches}. */
  record Fraction(double fraction) implements BatchLimit {
    public Fraction {
      if (!(fraction > 0 && fraction < 1)) {
        throw new IllegalArgumentException("limit batches = " + fraction + " is not a fraction in (0, 1); give"
            + " one such as 0.25, or a count of batches such as 10");
      }
    }

    @Override
    public int of(int available) {
      int batches = (int) (fraction * available);
      if (batches == 0) {
        throw new IllegalArgumentException("limit batches = " + fraction + " of the " + available + " batches of an"
            + " epoch is no batch; give a fraction of at least " + minimum(available) + ", or a count of batches");
      }
      return batches;
    }

    private static String minimum(int available) {
      return String.format(java.util.Locale.ROOT, "%.4g", 1.0 / available);
    }

    @Override
    public String describe() {
      return fraction + " of the batches";
    }
  }
}
