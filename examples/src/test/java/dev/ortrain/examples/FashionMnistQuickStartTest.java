package dev.ortrain.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistQuickStartTest {
  @TempDir Path dir;

  @Test
  void shippedSubsetLoads() {
    FashionMnistData d = FashionMnistData.load(null);
    assertTrue(d.trainImages().count() >= 4000);
    assertEquals(d.trainImages().count(), d.trainLabels().count());
    assertEquals(784, d.trainImages().itemSize());
  }

  @Test
  void oneEpochOnTheSubsetLearnsAndExports() throws Exception {
    FashionMnistData subset = FashionMnistData.load(null);
    FashionMnistQuickStart.main(new String[] {"--epochs", "1", "--out", dir.toString()});
    assertTrue(Files.isRegularFile(dir.resolve("model.onnx")));
    assertTrue(subset.source().length() > 0);
  }

  @Test
  void namedDirectoryMustHoldTheFiles() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FashionMnistData.load(dir));
    assertTrue(e.getMessage().contains("must contain"), e.getMessage());
  }
}
