package dev.ortrain.nn;

/**
 * The fan-in and fan-out that scale Kaiming and Xavier initialization, computed as PyTorch does: for a
 * weight {@code [out, in, k...]}, fan_in = in·∏k and fan_out = out·∏k. A bias uses its weight's fan.
 */
public record Fan(long in, long out) {

  public Fan {
    if (in < 0 || out < 0) {
      throw new IllegalArgumentException("fan_in and fan_out must be >= 0, got " + in + " and " + out);
    }
  }

  /** The fan of a weight of at least two dimensions, {@code [out, in, kernel...]}. */
  public static Fan ofWeight(long... dims) {
    if (dims.length < 2) {
      throw new IllegalArgumentException("The fan is defined for weights of 2 or more dimensions, got "
          + java.util.Arrays.toString(dims));
    }
    long receptiveField = 1;
    for (int i = 2; i < dims.length; i++) {
      receptiveField *= dims[i];
    }
    return new Fan(dims[1] * receptiveField, dims[0] * receptiveField);
  }

  /** The fan selected by a Kaiming mode. */
  public long of(FanMode mode) {
    return mode == FanMode.FAN_IN ? in : out;
  }
}
