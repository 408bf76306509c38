package dev.ortrain.data;

/** Channels, height and width of an image field laid out [C, H, W] or [H, W] per sample. */
record ImageLayout(int channels, int height, int width) {

  static ImageLayout of(FieldSpec spec, String transform) {
    if (!spec.isFloat()) {
      throw new IllegalArgumentException(transform + " needs a float image field, but '" + spec.name() + "' is "
          + spec.batchedType());
    }
    long[] d = spec.dims();
    if (d.length == 3) {
      return new ImageLayout((int) d[0], (int) d[1], (int) d[2]);
    }
    if (d.length == 2) {
      return new ImageLayout(1, (int) d[0], (int) d[1]);
    }
    throw new IllegalArgumentException(transform + " needs an image field of per-sample shape [C, H, W] or [H, W],"
        + " but '" + spec.name() + "' has " + spec.sampleShape() + "; apply it before any flatten()");
  }
}
