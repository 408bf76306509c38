package dev.ortrain.cli.sweep;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Random;

/**
 * Where a random search draws one setting's values from. Real values are rounded to {@value #DIGITS}
 * significant digits, so that they read well in the tables and parse back to the value that was trained.
 */
public sealed interface Distribution {
  int DIGITS = 4;

  /** One value, as the text a {@code --set} would give. */
  String draw(Random random);

  /** The values whose check stands for all the draws: the bounds, or every choice. */
  List<String> representatives();

  Scale scale();

  /** As written on the command line, e.g. {@code loguniform:1e-5:1e-2}. */
  String spec();

  /** Real values uniform between {@code low} and {@code high}. */
  record Uniform(double low, double high) implements Distribution {
    @Override
    public String draw(Random random) {
      return rounded(low + random.nextDouble() * (high - low), low, high);
    }

    @Override
    public List<String> representatives() {
      return List.of(NumberText.of(low), NumberText.of(high));
    }

    @Override
    public Scale scale() {
      return Scale.LINEAR;
    }

    @Override
    public String spec() {
      return DistributionKind.UNIFORM.label() + ":" + NumberText.of(low) + ":" + NumberText.of(high);
    }
  }

  /** Real values whose logarithm is uniform: each decade between {@code low} and {@code high} equally likely. */
  record LogUniform(double low, double high) implements Distribution {
    @Override
    public String draw(Random random) {
      double log = Math.log(low) + random.nextDouble() * (Math.log(high) - Math.log(low));
      return rounded(Math.exp(log), low, high);
    }

    @Override
    public List<String> representatives() {
      return List.of(NumberText.of(low), NumberText.of(high));
    }

    @Override
    public Scale scale() {
      return Scale.LOG;
    }

    @Override
    public String spec() {
      return DistributionKind.LOG_UNIFORM.label() + ":" + NumberText.of(low) + ":" + NumberText.of(high);
    }
  }

  /** Whole numbers from {@code low} to {@code high}, both included, equally likely. */
  record IntRange(long low, long high) implements Distribution {
    @Override
    public String draw(Random random) {
      return Long.toString(random.nextLong(low, high + 1));
    }

    @Override
    public List<String> representatives() {
      return List.of(Long.toString(low), Long.toString(high));
    }

    @Override
    public Scale scale() {
      return Scale.LINEAR;
    }

    @Override
    public String spec() {
      return DistributionKind.INT.label() + ":" + low + ":" + high;
    }
  }

  /** One of the given values, each equally likely. */
  record Choice(List<String> values) implements Distribution {
    public Choice {
      values = List.copyOf(values);
    }

    @Override
    public String draw(Random random) {
      return values.get(random.nextInt(values.size()));
    }

    @Override
    public List<String> representatives() {
      return values;
    }

    @Override
    public Scale scale() {
      return Scale.of(values);
    }

    @Override
    public String spec() {
      return DistributionKind.CHOICE.label() + ":" + String.join(",", values);
    }
  }

  /** {@value #DIGITS} significant digits, kept within the bounds the rounding could step over. */
  private static String rounded(double value, double low, double high) {
    double kept = Math.min(high, Math.max(low,
        new BigDecimal(value).round(new MathContext(DIGITS)).doubleValue()));
    return NumberText.of(kept);
  }
}
