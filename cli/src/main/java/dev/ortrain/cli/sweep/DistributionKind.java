package dev.ortrain.cli.sweep;

import dev.ortrain.rules.Suggestions;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The distributions {@code --random KEY=KIND:ARGUMENTS} knows, and how each reads its arguments. */
enum DistributionKind {
  UNIFORM("uniform", "uniform:LOW:HIGH") {
    @Override
    Distribution parse(String setting, String arguments) {
      double[] bounds = Bounds.reals(this, setting, arguments);
      return new Distribution.Uniform(bounds[0], bounds[1]);
    }
  },
  LOG_UNIFORM("loguniform", "loguniform:LOW:HIGH") {
    @Override
    Distribution parse(String setting, String arguments) {
      double[] bounds = Bounds.reals(this, setting, arguments);
      if (bounds[0] <= 0) {
        throw new SweepInputException("--random " + setting + "=" + label() + ":" + arguments + ": a log-uniform"
            + " range must start above 0 (its logarithm is drawn); give LOW > 0, or use uniform:LOW:HIGH");
      }
      return new Distribution.LogUniform(bounds[0], bounds[1]);
    }
  },
  INT("int", "int:LOW:HIGH") {
    @Override
    Distribution parse(String setting, String arguments) {
      long[] bounds = Bounds.wholes(this, setting, arguments);
      return new Distribution.IntRange(bounds[0], bounds[1]);
    }
  },
  CHOICE("choice", "choice:A,B,...") {
    @Override
    Distribution parse(String setting, String arguments) {
      List<String> values = ValueList.parse("--random " + setting + "=" + label() + ":", arguments);
      return new Distribution.Choice(values);
    }
  };

  private final String label;
  private final String usage;

  DistributionKind(String label, String usage) {
    this.label = label;
    this.usage = usage;
  }

  String label() {
    return label;
  }

  String usage() {
    return usage;
  }

  abstract Distribution parse(String setting, String arguments);

  /** {@code KIND:ARGUMENTS}, for the setting named {@code setting}. */
  static Distribution parseSpec(String setting, String spec) {
    int colon = spec.indexOf(':');
    String label = colon < 0 ? spec : spec.substring(0, colon);
    Optional<DistributionKind> kind = Arrays.stream(values()).filter(k -> k.label.equals(label)).findFirst();
    if (kind.isEmpty() || colon < 0) {
      List<String> labels = Arrays.stream(values()).map(DistributionKind::label).toList();
      String hint = kind.isPresent() ? "" : Suggestions.closest(label, labels).map(k -> " (did you mean '" + k + "'?)")
          .orElse("");
      throw new SweepInputException("--random " + setting + "=" + spec + " is not a distribution" + hint
          + "; give one of " + String.join(", ", Arrays.stream(values()).map(DistributionKind::usage).toList()));
    }
    return kind.get().parse(setting, spec.substring(colon + 1));
  }

  /** The two bounds of a range, LOW below HIGH. */
  private static final class Bounds {
    private Bounds() {}

    static double[] reals(DistributionKind kind, String setting, String arguments) {
      String[] parts = split(kind, setting, arguments);
      double[] bounds = new double[2];
      for (int i = 0; i < 2; i++) {
        try {
          bounds[i] = Double.parseDouble(parts[i]);
        } catch (NumberFormatException e) {
          throw new SweepInputException(where(kind, setting, arguments) + ": '" + parts[i] + "' is not a number");
        }
      }
      requireOrdered(kind, setting, arguments, bounds[0] < bounds[1]);
      return bounds;
    }

    static long[] wholes(DistributionKind kind, String setting, String arguments) {
      String[] parts = split(kind, setting, arguments);
      long[] bounds = new long[2];
      for (int i = 0; i < 2; i++) {
        try {
          bounds[i] = Long.parseLong(parts[i]);
        } catch (NumberFormatException e) {
          throw new SweepInputException(where(kind, setting, arguments) + ": '" + parts[i]
              + "' is not a whole number");
        }
      }
      requireOrdered(kind, setting, arguments, bounds[0] < bounds[1]);
      return bounds;
    }

    private static String[] split(DistributionKind kind, String setting, String arguments) {
      String[] parts = arguments.split(":", -1);
      if (parts.length != 2) {
        throw new SweepInputException(where(kind, setting, arguments) + " needs two bounds: " + kind.usage());
      }
      return parts;
    }

    private static void requireOrdered(DistributionKind kind, String setting, String arguments, boolean ordered) {
      if (!ordered) {
        throw new SweepInputException(where(kind, setting, arguments) + ": LOW must be below HIGH (" + kind.usage()
            + "); for a single value use --set " + setting + "=VALUE");
      }
    }

    private static String where(DistributionKind kind, String setting, String arguments) {
      return "--random " + setting + "=" + kind.label() + ":" + arguments;
    }
  }
}
