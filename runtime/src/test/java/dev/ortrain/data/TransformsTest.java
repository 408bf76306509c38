package dev.ortrain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TransformsTest {

  /** Batches of one sample each, so batch b holds sample b (without shuffling). */
  static DataLoader single(Dataset data, Transform... transforms) {
    DataLoader.Builder b = DataLoader.builder(data).batchSize(1).seed(21);
    for (Transform t : transforms) {
      b.transform(t);
    }
    return b.build();
  }

  @Test
  void normalizeSubtractsTheMeanAndDividesByTheStd() {
    try (DataLoader loader = single(TestData.indexed(3), Transforms.normalize("x", 1f, 0.5f))) {
      loader.next();
      assertArrayEquals(new float[] {0f, 2000f}, TestData.floats(loader.next(), "x")); // (1 - 1) / .5, (1001 - 1) / .5
    }
  }

  @Test
  void normalizePerChannelUsesTheFirstAxis() {
    float[] pixels = {1, 2, 3, 4, 10, 20, 30, 40}; // 2 channels of 2×2
    ArrayDataset data = ArrayDataset.builder(1).floats("image", pixels, 2, 2, 2).build();
    try (DataLoader loader = single(data,
        Transforms.normalize("image", new float[] {1, 10}, new float[] {1, 10}))) {
      assertArrayEquals(new float[] {0, 1, 2, 3, 0, 1, 2, 3}, TestData.floats(loader.next(), "image"));
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> single(data,
        Transforms.normalize("image", new float[] {0, 0, 0}, new float[] {1, 1, 1})));
    assertTrue(e.getMessage().contains("does not have 3 channels on its first axis"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Transforms.normalize("image", 0f, 0f));
  }

  @Test
  void oneHotEncodesClassIndicesAsFloats() {
    try (DataLoader loader = DataLoader.builder(TestData.indexed(3)).batchSize(3)
        .transform(Transforms.oneHot("y", 4)).build()) {
      assertEquals(FieldSpec.floats("y", 4), loader.fields().get(1));
      Batch b = loader.next();
      assertArrayEquals(new long[] {3, 4}, b.shape("y"));
      assertArrayEquals(new float[] {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0}, TestData.floats(b, "y"));
    }
  }

  @Test
  void oneHotRejectsLabelsOutsideItsClasses() {
    try (DataLoader loader = DataLoader.builder(TestData.indexed(5)).batchSize(5)
        .transform(Transforms.oneHot("y", 3)).build()) {
      DataLoadingException e = assertThrows(DataLoadingException.class, loader::next);
      assertTrue(e.getMessage().contains("oneHot(y): sample 3 has class 3, outside [0, 3)"), e.getMessage());
    }
  }

  @Test
  void horizontalFlipMirrorsEveryRow() {
    ArrayDataset data = TestData.images(1, 2, 2, 3);
    try (DataLoader loader = single(data, Transforms.randomHorizontalFlip("image", 1.0))) {
      assertArrayEquals(new float[] {2, 1, 0, 5, 4, 3, 8, 7, 6, 11, 10, 9}, TestData.floats(loader.next(), "image"));
    }
    try (DataLoader loader = single(data, Transforms.randomHorizontalFlip("image", 0.0))) {
      assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, TestData.floats(loader.next(), "image"));
    }
  }

  @Test
  void randomFlipDependsOnlyOnSeedEpochAndSample() {
    ArrayDataset data = TestData.images(64, 1, 2, 2);
    boolean[] flippedSequential = flips(DataLoader.builder(data).batchSize(1).seed(3)
        .transform(Transforms.randomHorizontalFlip("image")).build());
    boolean[] flippedShuffled = flips(DataLoader.builder(data).batchSize(5).seed(3).shuffle(true).prefetch(2)
        .transform(Transforms.randomHorizontalFlip("image")).build());
    assertArrayEquals(flippedSequential, flippedShuffled, "same sample, same epoch, same seed: same flip");
    int count = 0;
    for (boolean f : flippedSequential) {
      count += f ? 1 : 0;
    }
    assertTrue(count > 16 && count < 48, "about half flipped, got " + count);
  }

  /** Which samples of epoch 0 were flipped (a flipped 2×2 image of sample i starts with i * 10000 + 1). */
  private static boolean[] flips(DataLoader loader) {
    boolean[] flipped = new boolean[loader.datasetSize()];
    try (loader) {
      for (Batch b : loader.restOfEpoch()) {
        float[] pixels = TestData.floats(b, "image");
        for (int s = 0; s < b.size(); s++) {
          int sample = (int) (pixels[4 * s] / 10000);
          flipped[sample] = pixels[4 * s] % 10000 == 1;
        }
      }
    }
    return flipped;
  }

  @Test
  void randomCropShiftsTheImageAndFillsWithZeros() {
    int h = 5;
    int w = 4;
    int padding = 2;
    ArrayDataset data = TestData.images(40, 2, h, w);
    Set<String> shifts = new HashSet<>();
    try (DataLoader loader = single(data, Transforms.randomCrop("image", padding))) {
      for (int sample = 0; sample < 40; sample++) {
        float[] out = TestData.floats(loader.next(), "image");
        String shift = findShift(out, sample, 2, h, w, padding);
        assertTrue(shift != null, "sample " + sample + " is not a shifted copy: " + Arrays.toString(out));
        shifts.add(shift);
      }
    }
    assertTrue(shifts.size() > 8, "offsets vary: " + shifts);
  }

  /** The (dy, dx) for which {@code out} is sample's image shifted with zero fill, or null. */
  private static String findShift(float[] out, int sample, int channels, int h, int w, int padding) {
    for (int dy = -padding; dy <= padding; dy++) {
      for (int dx = -padding; dx <= padding; dx++) {
        boolean matches = true;
        for (int c = 0; c < channels && matches; c++) {
          for (int y = 0; y < h && matches; y++) {
            for (int x = 0; x < w && matches; x++) {
              int sy = y + dy;
              int sx = x + dx;
              float expected = sy < 0 || sy >= h || sx < 0 || sx >= w ? 0f : sample * 10000 + c * h * w + sy * w + sx;
              matches = out[c * h * w + y * w + x] == expected;
            }
          }
        }
        if (matches) {
          return dy + "," + dx;
        }
      }
    }
    return null;
  }

  @Test
  void flattenReshapesWithoutChangingValues() {
    try (DataLoader loader = single(TestData.images(2, 1, 2, 3), Transforms.flatten("image"))) {
      Batch b = loader.next();
      assertArrayEquals(new long[] {1, 6}, b.shape("image"));
      assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, TestData.floats(b, "image"));
    }
  }

  @Test
  void transformsThatDoNotFitTheirFieldFailWhenTheLoaderIsBuilt() {
    ArrayDataset data = TestData.indexed(4);
    assertEquals("normalize(y) needs a float field, but 'y' is int64[batch]; normalize features, not class indices",
        assertThrows(IllegalArgumentException.class, () -> single(data, Transforms.normalize("y", 0, 1)))
            .getMessage());
    assertEquals("oneHot(x) needs one int64 class index per sample, but 'x' is float[batch, 2]",
        assertThrows(IllegalArgumentException.class, () -> single(data, Transforms.oneHot("x", 3))).getMessage());
    assertEquals("randomCrop(x) needs an image field of per-sample shape [C, H, W] or [H, W], but 'x' has [2];"
        + " apply it before any flatten()",
        assertThrows(IllegalArgumentException.class, () -> single(data, Transforms.randomCrop("x", 1)))
            .getMessage());
    assertEquals("Transform flatten(pixels) works on field 'pixels', but the samples have fields [x, y]",
        assertThrows(IllegalArgumentException.class, () -> single(data, Transforms.flatten("pixels")))
            .getMessage());
    assertThrows(IllegalArgumentException.class, () -> single(TestData.images(1, 1, 3, 3),
        Transforms.randomCrop("image", 3)));
    assertThrows(IllegalArgumentException.class, () -> Transforms.randomHorizontalFlip("image", 1.5));
  }
}
