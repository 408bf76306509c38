package dev.ortrain.tracking;

import dev.ortrain.loop.TrainerConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A run's hyper-parameters by name, in the order they were added, each a number, a text or a flag (the three
 * kinds trackers such as TensorBoard's hparams plugin tell apart). Immutable: {@code with} returns a copy.
 */
public final class HyperParameters {
  /** Doubles hold every integer up to this magnitude exactly; larger ones are kept as text. */
  private static final long EXACT_LIMIT = 1L << 53;

  /** One hyper-parameter's value. */
  public sealed interface Value {
    /** The value as a person writes it, for trackers that only take text. */
    String asText();
  }

  /** A number (integers included). */
  public record Real(double value) implements Value {
    @Override
    public String asText() {
      return value == Math.rint(value) && Math.abs(value) < EXACT_LIMIT ? Long.toString((long) value)
          : Double.toString(value);
    }
  }

  public record Text(String value) implements Value {
    public Text {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public String asText() {
      return value;
    }
  }

  public record Flag(boolean value) implements Value {
    @Override
    public String asText() {
      return Boolean.toString(value);
    }
  }

  private static final HyperParameters NONE = new HyperParameters(Map.of());

  private final Map<String, Value> values;

  private HyperParameters(Map<String, Value> values) {
    this.values = values;
  }

  public static HyperParameters none() {
    return NONE;
  }

  /**
   * What decides how a configuration trains: epochs, batch size, learning rate, optimizer, seed, accumulation
   * steps, gradient clipping (0 = off), shuffling and whether the last short batch is dropped. Threads,
   * prefetching and the device are left out: they change the speed, not the result.
   */
  public static HyperParameters of(TrainerConfig config) {
    return none().with("epochs", config.epochs()).with("batchSize", config.batchSize())
        .with("learningRate", config.learningRate()).with("optimizer", config.optimizer().describe())
        .with("seed", config.seed()).with("accumulationSteps", config.accumulationSteps())
        .with("clipGradNorm", config.clipGradNorm().orElse(0f)).with("shuffle", config.shuffle())
        .with("dropLast", config.dropLast());
  }

  public HyperParameters with(String name, double value) {
    return with(name, new Real(value));
  }

  /** A float as it was written ({@code 0.01f} is 0.01, not 0.009999999776). */
  public HyperParameters with(String name, float value) {
    return with(name, new Real(Double.parseDouble(Float.toString(value))));
  }

  /** A whole number; one too large for a double to hold exactly (a random seed) is kept as text. */
  public HyperParameters with(String name, long value) {
    return with(name, Math.abs(value) < EXACT_LIMIT ? new Real(value) : new Text(Long.toString(value)));
  }

  public HyperParameters with(String name, String value) {
    return with(name, new Text(value));
  }

  public HyperParameters with(String name, boolean value) {
    return with(name, new Flag(value));
  }

  /** This and {@code name}; a name given again takes the new value. */
  public HyperParameters with(String name, Value value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (name.isBlank()) {
      throw new IllegalArgumentException("A hyper-parameter needs a name; got a blank one for " + value.asText());
    }
    Map<String, Value> copy = new LinkedHashMap<>(values);
    copy.put(name, value);
    return new HyperParameters(Collections.unmodifiableMap(copy));
  }

  /** Every hyper-parameter by name, in the order added. */
  public Map<String, Value> values() {
    return values;
  }

  /** {@code name=value} pairs, comma-separated, for logs. */
  public String asText() {
    return values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().asText())
        .collect(Collectors.joining(", "));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HyperParameters other && values.equals(other.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return "HyperParameters[" + asText() + "]";
  }
}
