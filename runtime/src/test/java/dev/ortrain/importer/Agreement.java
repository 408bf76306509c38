package dev.ortrain.importer;

/** Largest absolute and relative difference between two float arrays of equal length. */
record Agreement(double maxAbs, double maxRel) {

  static Agreement of(float[] expected, float[] actual) {
    double abs = 0;
    double rel = 0;
    for (int i = 0; i < expected.length; i++) {
      double d = Math.abs((double) expected[i] - actual[i]);
      abs = Math.max(abs, d);
      // relative to magnitudes above float noise, so that near-zero entries do not dominate
      rel = Math.max(rel, d / Math.max(Math.abs(expected[i]), 1e-3));
    }
    return new Agreement(abs, rel);
  }
}
