package dev.ortrain.nn;

/** A parameter's initial values, drawn from its own random stream (see {@link ParameterRandom}). */
final class ParameterValues {
  private ParameterValues() {}

  static float[] initial(ParameterSpec p, long seed) {
    long count = p.elementCount();
    if (count > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("Parameter '" + p.name() + "' " + p.shape() + " has " + count
          + " elements; ortrain stores a parameter in one Java array, which holds at most 2^31 - 1");
    }
    try {
      return p.init().sample((int) count, p.fan(), ParameterRandom.forParameter(seed, p.name()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Cannot initialize '" + p.name() + "' with " + p.init() + ": "
          + e.getMessage(), e);
    }
  }
}
