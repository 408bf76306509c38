package dev.ortrain.data;

import java.util.Arrays;

/**
 * Pads an image with {@code padding} zeros on every side and cuts out a window of the original size at a
 * random offset: a shift of up to {@code padding} pixels in each direction, the usual CIFAR/MNIST augmentation.
 */
final class RandomCrop implements Transform {
  private final String field;
  private final int padding;

  RandomCrop(String field, int padding) {
    if (padding < 1) {
      throw new IllegalArgumentException("randomCrop(" + field + "): padding must be >= 1 pixel, got " + padding);
    }
    this.field = field;
    this.padding = padding;
  }

  @Override
  public String field() {
    return field;
  }

  @Override
  public FieldSpec outputSpec(FieldSpec input) {
    ImageLayout image = ImageLayout.of(input, "randomCrop(" + field + ")");
    if (padding >= image.height() || padding >= image.width()) {
      throw new IllegalArgumentException("randomCrop(" + field + "): padding " + padding + " must be smaller than"
          + " the image (" + image.height() + "×" + image.width() + ")");
    }
    return input;
  }

  @Override
  public void apply(FieldValues in, FieldValues out, SampleContext context) {
    float[] src = in.floats();
    float[] dst = out.floats();
    int rank = in.rank();
    int height = in.dim(rank - 2);
    int width = in.dim(rank - 1);
    int plane = height * width;
    int channels = src.length / plane;
    // Window origin in padded coordinates is (dy, dx); padded (y + dy, x + dx) is source (y + dy - p, x + dx - p).
    int shiftY = context.random().nextInt(2 * padding + 1) - padding;
    int shiftX = context.random().nextInt(2 * padding + 1) - padding;
    for (int c = 0; c < channels; c++) {
      int base = c * plane;
      for (int y = 0; y < height; y++) {
        int sy = y + shiftY;
        int row = base + y * width;
        if (sy < 0 || sy >= height) {
          Arrays.fill(dst, row, row + width, 0f);
          continue;
        }
        int srcRow = base + sy * width;
        for (int x = 0; x < width; x++) {
          int sx = x + shiftX;
          dst[row + x] = sx >= 0 && sx < width ? src[srcRow + sx] : 0f;
        }
      }
    }
  }

  @Override
  public String toString() {
    return "randomCrop(" + field + ", padding " + padding + ")";
  }
}
