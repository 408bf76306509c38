package dev.ortrain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {
  /** The subset shipped with the examples, relative to the runtime module (surefire's working directory). */
  static final Path SUBSET = Path.of("../examples/src/main/resources/fashion-mnist-subset");

  @TempDir Path dir;

  @Test
  void loadsTheShippedSubset() {
    IdxDataset train = FashionMnist.load(SUBSET, Split.TRAIN);
    IdxDataset test = FashionMnist.load(SUBSET, Split.TEST);
    assertEquals(4000, train.size());
    assertEquals(1000, test.size());
    assertEquals(List.of(FieldSpec.floats("image", 1, 28, 28), FieldSpec.longs("label")), train.fields());
    assertEquals(FashionMnist.CLASSES, train.classCount());

    IdxFile rawImages = IdxFile.read(SUBSET.resolve("train-images-idx3-ubyte.gz"));
    IdxFile rawLabels = IdxFile.read(SUBSET.resolve("train-labels-idx1-ubyte.gz"));
    int[] perClass = new int[FashionMnist.CLASSES];
    try (DataLoader loader = DataLoader.builder(train).batchSize(500).build()) {
      for (Batch b : loader.restOfEpoch()) {
        float[] pixels = TestData.floats(b, "image");
        long[] labels = TestData.longs(b, "label");
        for (int i = 0; i < pixels.length; i++) {
          assertTrue(pixels[i] >= 0f && pixels[i] <= 1f, "pixel in [0, 1]: " + pixels[i]);
        }
        int first = b.position() * 784;
        assertEquals(rawImages.floatAt(first + 300) / 255f, pixels[300], 1e-6f);
        for (int i = 0; i < labels.length; i++) {
          assertEquals(rawLabels.longAt(b.position() + i), labels[i]);
          perClass[(int) labels[i]]++;
        }
      }
    }
    for (int count : perClass) {
      assertTrue(count > 200, "every class is present: " + Arrays.toString(perClass));
    }
  }

  @Test
  void missingDirectoriesAndFilesAreNamed() throws IOException {
    IllegalArgumentException noDir = assertThrows(IllegalArgumentException.class,
        () -> FashionMnist.load(dir.resolve("absent"), Split.TRAIN));
    assertTrue(noDir.getMessage().contains("does not exist"), noDir.getMessage());
    Files.copy(SUBSET.resolve("t10k-images-idx3-ubyte.gz"), dir.resolve("t10k-images-idx3-ubyte.gz"));
    IllegalArgumentException noLabels = assertThrows(IllegalArgumentException.class,
        () -> FashionMnist.load(dir, Split.TEST));
    assertEquals("Fashion-MNIST test file missing: neither t10k-labels-idx1-ubyte.gz nor t10k-labels-idx1-ubyte is in "
        + dir.toAbsolutePath(), noLabels.getMessage());
  }

  @Test
  void idxPairsMustMatch() throws IOException {
    Path images = dir.resolve("images");
    Path labels = dir.resolve("labels");
    Files.write(images, IdxFileTest.idx(0x08, new int[] {3, 2, 2}, new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
        (byte) 255}));
    Files.write(labels, IdxFileTest.idx(0x08, new int[] {2}, new byte[] {1, 2}));
    IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class,
        () -> IdxDataset.read(images, labels));
    assertTrue(mismatch.getMessage().endsWith(": 3 images but 2 labels; the two files must come from the same split"),
        mismatch.getMessage());

    Files.write(labels, IdxFileTest.idx(0x08, new int[] {3}, new byte[] {1, 2, 3}));
    IdxDataset data = IdxDataset.read(images, labels);
    assertEquals(FieldSpec.floats("image", 1, 2, 2), data.fields().get(0));
    FieldValues pixels = new FieldValues(data.fields().get(0));
    data.read(2, 0, pixels);
    assertArrayEquals(new float[] {8 / 255f, 9 / 255f, 10 / 255f, 1f}, pixels.floats());

    Files.write(dir.resolve("train-images-idx3-ubyte"), IdxFileTest.idx(0x08, new int[] {3, 2, 2}, new byte[12]));
    Files.write(dir.resolve("train-labels-idx1-ubyte"), IdxFileTest.idx(0x08, new int[] {3}, new byte[3]));
    IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
        () -> FashionMnist.load(dir, Split.TRAIN));
    assertTrue(size.getMessage().endsWith("holds images of shape [1, 2, 2]; Fashion-MNIST images are 28×28"),
        size.getMessage());
  }

  @Test
  void intLabelsKeepEveryDigit() throws IOException {
    Path labels = dir.resolve("labels");
    Files.write(labels, IdxFileTest.idx(0x0C, new int[] {1}, new byte[] {0x01, 0x00, 0x00, 0x01}));
    assertEquals(16_777_217L, IdxFile.read(labels).longAt(0), "2^24 + 1 is not representable as a float");
  }
}
