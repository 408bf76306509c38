package dev.ortrain.nn;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * How a parameter's initial values are drawn. The schemes and their formulas are PyTorch's
 * ({@code torch.nn.init}); the random stream is ortrain's own (see {@link ParameterRandom}), so values match
 * PyTorch in distribution, not bit for bit.
 */
public final class Init {
  /** Fills a parameter's values; {@code fan} is null for parameters that have none (normalization). */
  @FunctionalInterface
  interface Sampler {
    void fill(float[] values, Fan fan, SplittableRandom random);
  }

  private final String description;
  private final Sampler sampler;

  private Init(String description, Sampler sampler) {
    this.description = description;
    this.sampler = sampler;
  }

  /** Values for a tensor of {@code count} elements. */
  public float[] sample(int count, Fan fan, SplittableRandom random) {
    float[] values = new float[count];
    sampler.fill(values, fan, random);
    return values;
  }

  public static Init zeros() {
    return constant(0);
  }

  public static Init ones() {
    return constant(1);
  }

  public static Init constant(double value) {
    return new Init("constant(" + value + ")", (v, fan, r) -> Arrays.fill(v, (float) value));
  }

  /** U(low, high). */
  public static Init uniform(double low, double high) {
    if (!(low < high)) {
      throw new IllegalArgumentException("uniform(low, high) needs low < high, got " + low + " and " + high);
    }
    return new Init("uniform(" + low + ", " + high + ")", (v, fan, r) -> ParameterRandom.fillUniform(v, low, high, r));
  }

  /** N(0, std²). */
  public static Init normal(double std) {
    return normal(0, std);
  }

  /** N(mean, std²). */
  public static Init normal(double mean, double std) {
    requireNonNegative("std", std);
    return new Init("normal(" + mean + ", " + std + ")", (v, fan, r) -> ParameterRandom.fillNormal(v, mean, std, r));
  }

  /** Kaiming (He) uniform for a ReLU network: U(±√2·√(3 / fan_in)). */
  public static Init kaimingUniform() {
    return kaimingUniform(FanMode.FAN_IN, Nonlinearity.RELU);
  }

  /** U(±bound) with bound = gain·√(3 / fan), fan chosen by {@code mode}. */
  public static Init kaimingUniform(FanMode mode, Nonlinearity nonlinearity) {
    return new Init("kaiming_uniform(" + mode.name().toLowerCase(java.util.Locale.ROOT) + ", " + nonlinearity + ")",
        (v, fan, r) -> {
          double bound = nonlinearity.gain() * Math.sqrt(3.0 / positive(fan(fan, "kaiming_uniform").of(mode)));
          ParameterRandom.fillUniform(v, -bound, bound, r);
        });
  }

  /** Kaiming (He) normal for a ReLU network: N(0, 2 / fan_in). */
  public static Init kaimingNormal() {
    return kaimingNormal(FanMode.FAN_IN, Nonlinearity.RELU);
  }

  /** N(0, std²) with std = gain / √fan, fan chosen by {@code mode}. */
  public static Init kaimingNormal(FanMode mode, Nonlinearity nonlinearity) {
    return new Init("kaiming_normal(" + mode.name().toLowerCase(java.util.Locale.ROOT) + ", " + nonlinearity + ")",
        (v, fan, r) -> {
          double std = nonlinearity.gain() / Math.sqrt(positive(fan(fan, "kaiming_normal").of(mode)));
          ParameterRandom.fillNormal(v, 0, std, r);
        });
  }

  public static Init xavierUniform() {
    return xavierUniform(1.0);
  }

  /** Xavier (Glorot) uniform: U(±gain·√(6 / (fan_in + fan_out))). */
  public static Init xavierUniform(double gain) {
    return new Init("xavier_uniform(gain=" + gain + ")", (v, fan, r) -> {
      Fan f = fan(fan, "xavier_uniform");
      double bound = gain * Math.sqrt(6.0 / positive(f.in() + f.out()));
      ParameterRandom.fillUniform(v, -bound, bound, r);
    });
  }

  public static Init xavierNormal() {
    return xavierNormal(1.0);
  }

  /** Xavier (Glorot) normal: N(0, std²) with std = gain·√(2 / (fan_in + fan_out)). */
  public static Init xavierNormal(double gain) {
    return new Init("xavier_normal(gain=" + gain + ")", (v, fan, r) -> {
      Fan f = fan(fan, "xavier_normal");
      ParameterRandom.fillNormal(v, 0, gain * Math.sqrt(2.0 / positive(f.in() + f.out())), r);
    });
  }

  /**
   * PyTorch's default for Linear and Conv weights: kaiming_uniform(a=√5), which works out to
   * U(±1/√fan_in).
   */
  public static Init pytorchWeight() {
    Init kaiming = kaimingUniform(FanMode.FAN_IN, Nonlinearity.leakyRelu(Math.sqrt(5)));
    return new Init("pytorch_default(kaiming_uniform(a=sqrt(5)))", kaiming.sampler);
  }

  /** PyTorch's default for Linear and Conv biases: U(±1/√fan_in) with the weight's fan_in. */
  public static Init pytorchBias() {
    return new Init("pytorch_default(uniform(+-1/sqrt(fan_in)))", (v, fan, r) -> {
      long fanIn = fan(fan, "pytorch_bias").in();
      double bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      ParameterRandom.fillUniform(v, -bound, bound, r);
    });
  }

  @Override
  public String toString() {
    return description;
  }

  private static Fan fan(Fan fan, String scheme) {
    if (fan == null) {
      throw new IllegalArgumentException(scheme + " needs the parameter's fan_in/fan_out, which only Linear and"
          + " Conv weights and biases have; use normal, uniform or constant here");
    }
    return fan;
  }

  private static double positive(long fan) {
    if (fan <= 0) {
      throw new IllegalArgumentException("The fan is 0 (a tensor with no elements); it cannot scale an init");
    }
    return fan;
  }

  private static void requireNonNegative(String what, double value) {
    if (!(value >= 0)) {
      throw new IllegalArgumentException(what + " must be >= 0, got " + value);
    }
  }
}
