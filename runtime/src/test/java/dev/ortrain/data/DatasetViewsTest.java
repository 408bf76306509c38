package dev.ortrain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Dataset#transformed}, {@link Dataset#normalized} and {@link Dataset#augmented}. */
class DatasetViewsTest {

  static float[] floats(Dataset data, int index, String field) {
    FieldValues values = new FieldValues(data.fields().get(data.fieldIndex(field)));
    data.read(index, data.fieldIndex(field), values);
    return values.floats().clone();
  }

  /** Every batch of one epoch of a loader over {@code data} (batches of 4, shuffled with {@code seed}). */
  static List<String> epoch(Dataset data, long seed, int epoch) {
    try (DataLoader loader = DataLoader.builder(data).batchSize(4).shuffle(true).seed(seed).build()) {
      loader.restore(new LoaderState(seed, epoch, 0));
      return TestData.nextContents(loader, loader.batchesPerEpoch());
    }
  }

  /** How many of the first {@code n} samples a loader delivers mirrored (images 1 × 1 × 2: [a, b] → [b, a]). */
  static int mirrored(Dataset data, Transform... loaderTransforms) {
    int count = 0;
    try (DataLoader loader = TransformsTest.single(data, loaderTransforms)) {
      for (int i = 0; i < data.size(); i++) {
        float[] pixels = TestData.floats(loader.next(), "image");
        count += pixels[0] > pixels[1] ? 1 : 0;
      }
    }
    return count;
  }

  @Test
  void normalizedReadsGiveTheNormalizedValues() {
    Dataset data = TestData.indexed(3).normalized("x", 1f, 0.5f);
    assertArrayEquals(new float[] {0f, 2000f}, floats(data, 1, "x")); // (1 - 1) / .5, (1001 - 1) / .5
    assertEquals(TestData.indexed(3).fields(), data.fields());
    FieldValues y = new FieldValues(data.fields().get(1));
    data.read(2, 1, y);
    assertArrayEquals(new long[] {2}, y.longs());
  }

  @Test
  void normalizedPerChannelUsesTheFirstAxis() {
    Dataset data = ArrayDataset.builder(1).floats("image", new float[] {1, 2, 10, 20}, 2, 1, 2).build()
        .normalized("image", new float[] {1, 10}, new float[] {1, 10});
    assertArrayEquals(new float[] {0, 1, 0, 1}, floats(data, 0, "image"));
  }

  @Test
  void transformsOfOneFieldRunInOrderAndMayRetypeIt() {
    Dataset data = TestData.indexed(3).transformed(Transforms.normalize("x", 1f, 1f), Transforms.normalize("x", 0f,
        2f), Transforms.oneHot("y", 4));
    assertArrayEquals(new float[] {0.5f, 500.5f}, floats(data, 2, "x")); // ((2 - 1) / 1) / 2, ((1002 - 1) / 1) / 2
    assertEquals(FieldSpec.floats("y", 4), data.fields().get(1));
    assertArrayEquals(new float[] {0, 0, 1, 0}, floats(data, 2, "y"));
  }

  @Test
  void aLoaderOverANormalizedViewGivesWhatTheLoadersTransformGives() {
    Dataset data = TestData.images(10, 1, 2, 2);
    try (DataLoader view = DataLoader.builder(data.normalized("image", 5f, 2f)).batchSize(10).build();
        DataLoader transform = DataLoader.builder(data).batchSize(10)
            .transform(Transforms.normalize("image", 5f, 2f)).build()) {
      assertEquals(TestData.nextContents(transform, 1), TestData.nextContents(view, 1));
    }
  }

  @Test
  void aTransformedViewChangesTheIdentityAndTheTransformsAreChecked() {
    Dataset data = TestData.indexed(10);
    assertNotEquals(DataIdentity.of(data), DataIdentity.of(data.normalized("x", 0f, 2f)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> data.normalized("z", 0f, 1f));
    assertTrue(e.getMessage().contains("works on field 'z', but the samples have fields [x, y]"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> data.normalized("y", 0f, 1f)); // int64 class indices
    assertTrue(data.normalized("x", 0f, 2f).toString().contains("transformed by [normalize(x"));
  }

  @Test
  void aRandomTransformInATransformedViewFailsAndSaysWhereItBelongs() {
    Dataset data = TestData.images(2, 1, 2, 2).transformed(Transforms.randomHorizontalFlip("image"));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> floats(data, 0, "image"));
    assertTrue(e.getMessage().contains("Declare random transforms with Dataset.augmented(...)"), e.getMessage());
  }

  @Test
  void readsOutsideALoaderSeeTheSamplesUnaugmented() {
    Dataset data = TestData.images(4, 1, 2, 2);
    Dataset augmented = data.augmented(Transforms.randomHorizontalFlip("image", 1));
    assertArrayEquals(floats(data, 3, "image"), floats(augmented, 3, "image"));
    assertEquals(data.fields(), augmented.fields());
    assertEquals(DataIdentity.of(data), DataIdentity.of(augmented));
    assertTrue(augmented.toString().contains("augmented by [randomHorizontalFlip"), augmented.toString());
  }

  @Test
  void aLoaderAugmentsDeterministicallyPerSeedAndEpoch() {
    Dataset augmented = TestData.images(24, 1, 4, 4).augmented(Transforms.randomCrop("image", 1),
        Transforms.randomHorizontalFlip("image"));
    List<String> first = epoch(augmented, 5, 0);
    assertEquals(first, epoch(augmented, 5, 0)); // what a resumed run sees
    assertNotEquals(first, epoch(TestData.images(24, 1, 4, 4), 5, 0));
    assertNotEquals(first, epoch(augmented, 5, 1));
    assertNotEquals(first, epoch(augmented, 6, 0));
  }

  @Test
  void augmentationDrawsAsTheSameTransformDoesInTheLoader() {
    Dataset data = TestData.images(16, 1, 3, 3);
    Transform crop = Transforms.randomCrop("image", 1);
    List<String> viaView = epoch(data.augmented(crop), 8, 2);
    assertEquals(viaView, epoch(data.augmented(crop), 8, 2));
    // The view's streams are not the loader's: the same crop declared on the loader lands elsewhere.
    try (DataLoader loader = DataLoader.builder(data).batchSize(4).shuffle(true).seed(8).transform(crop).build()) {
      loader.restore(new LoaderState(8, 2, 0));
      assertNotEquals(viaView, TestData.nextContents(loader, 4));
    }
  }

  @Test
  void augmentationReachesTheLoaderThroughOtherViews() {
    Dataset data = TestData.images(40, 1, 1, 2);
    Dataset augmented = data.augmented(Transforms.randomHorizontalFlip("image", 1));
    assertEquals(40, mirrored(augmented));
    assertEquals(10, mirrored(augmented.holdOut(0.25, 1).validation().renamed("image", "image").slice(0, 10)));
    assertEquals(40, mirrored(new Dataset() { // a user's own view
      @Override
      public int size() {
        return augmented.size();
      }

      @Override
      public List<FieldSpec> fields() {
        return augmented.fields();
      }

      @Override
      public void read(int index, int field, FieldValues out) {
        augmented.read(index, field, out);
      }
    }));
    assertEquals(0, mirrored(data)); // and only there
  }

  @Test
  void aLoaderThatDoesNotAugmentReadsTheSamplesAsTheyAre() {
    Dataset data = TestData.images(40, 1, 1, 2);
    Dataset heldOut = data.augmented(Transforms.randomHorizontalFlip("image", 1)).holdOut(0.25, 1).validation();
    int mirrored = 0;
    try (DataLoader loader = DataLoader.builder(heldOut).batchSize(1).seed(21).augment(false).build()) {
      for (int i = 0; i < heldOut.size(); i++) {
        float[] pixels = TestData.floats(loader.next(), "image");
        mirrored += pixels[0] > pixels[1] ? 1 : 0;
      }
    }
    assertEquals(0, mirrored);
    assertEquals(10, mirrored(heldOut)); // the same view in a loader that augments
  }

  @Test
  void augmentationsDrawFromStreamsOfTheirOwn() {
    Dataset data = TestData.images(40, 1, 1, 2);
    // Two flips with the same random numbers would always undo each other.
    int twiceInOneView = mirrored(data.augmented(Transforms.randomHorizontalFlip("image"))
        .augmented(Transforms.randomHorizontalFlip("image")));
    int viewAndLoader = mirrored(data.augmented(Transforms.randomHorizontalFlip("image")),
        Transforms.randomHorizontalFlip("image"));
    assertTrue(twiceInOneView > 5 && twiceInOneView < 35, "mirrored " + twiceInOneView + " of 40");
    assertTrue(viewAndLoader > 5 && viewAndLoader < 35, "mirrored " + viewAndLoader + " of 40");
  }

  @Test
  void augmentationsMustKeepTheFields() {
    Dataset data = TestData.images(2, 1, 2, 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> data.augmented(Transforms.flatten("image")));
    assertTrue(e.getMessage().contains("Declare this transform with transformed(...) instead"), e.getMessage());
  }

  @Test
  void aTransformedViewOfAnAugmentedOneAugmentsInTheLoader() {
    Dataset data = TestData.images(20, 1, 1, 2);
    Dataset view = data.augmented(Transforms.randomHorizontalFlip("image", 1)).normalized("image", 0f, 1f);
    assertEquals(20, mirrored(view));
    assertArrayEquals(floats(data, 7, "image"), floats(view, 7, "image"));
  }
}
