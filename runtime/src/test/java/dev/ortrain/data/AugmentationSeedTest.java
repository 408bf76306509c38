package dev.ortrain.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A loader's augmentation seed: the random transforms' own, the shuffle order keeping the loader's seed. */
class AugmentationSeedTest {
  private static List<String> epoch(Dataset data, long seed, long augmentationSeed) {
    try (DataLoader loader = DataLoader.builder(data).batchSize(4).shuffle(true).seed(seed)
        .augmentationSeed(augmentationSeed).build()) {
      loader.restore(new LoaderState(seed, 1, 0));
      return TestData.nextContents(loader, loader.batchesPerEpoch());
    }
  }

  @Test
  void anotherAugmentationSeedAugmentsDifferentlyInTheSameOrder() {
    Dataset plain = TestData.images(24, 1, 4, 4);
    Dataset augmented = plain.augmented(Transforms.randomCrop("image", 1), Transforms.randomHorizontalFlip("image"));
    assertEquals(DatasetViewsTest.epoch(augmented, 5, 1), epoch(augmented, 5, 5), "by default the loader's seed");
    assertNotEquals(epoch(augmented, 5, 5), epoch(augmented, 5, 9));
    assertEquals(epoch(augmented, 5, 9), epoch(augmented, 5, 9));
    assertEquals(epoch(plain, 5, 5), epoch(plain, 5, 9), "the shuffle order is the loader's seed's");
  }
}
