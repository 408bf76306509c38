package dev.ortrain.nn;

/** The activation that follows a layer, as far as initialization cares: its gain (PyTorch's calculate_gain). */
public final class Nonlinearity {
  public static final Nonlinearity LINEAR = new Nonlinearity("linear", 1.0);
  public static final Nonlinearity SIGMOID = new Nonlinearity("sigmoid", 1.0);
  public static final Nonlinearity TANH = new Nonlinearity("tanh", 5.0 / 3.0);
  public static final Nonlinearity RELU = new Nonlinearity("relu", Math.sqrt(2.0));

  private final String description;
  private final double gain;

  private Nonlinearity(String description, double gain) {
    this.description = description;
    this.gain = gain;
  }

  /** Leaky ReLU with the given negative slope: gain √(2 / (1 + slope²)). */
  public static Nonlinearity leakyRelu(double negativeSlope) {
    return new Nonlinearity("leaky_relu(" + negativeSlope + ")",
        Math.sqrt(2.0 / (1 + negativeSlope * negativeSlope)));
  }

  public double gain() {
    return gain;
  }

  @Override
  public String toString() {
    return description;
  }
}
