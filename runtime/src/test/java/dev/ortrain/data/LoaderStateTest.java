package dev.ortrain.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoaderStateTest {

  /** Shuffled, augmented image batches: everything random that a resume must reproduce. */
  static DataLoader augmented(long seed, int prefetch) {
    return DataLoader.builder(TestData.images(30, 1, 6, 6)).batchSize(4).shuffle(true).seed(seed)
        .prefetch(prefetch)
        .transform(Transforms.randomCrop("image", 2))
        .transform(Transforms.randomHorizontalFlip("image"))
        .build();
  }

  @Test
  void restoringMidEpochGivesTheIdenticalRemainingBatches() {
    LoaderState saved;
    List<String> expected;
    try (DataLoader original = augmented(11, 0)) {
      TestData.nextContents(original, 8 + 3); // one epoch of 8 batches and 3 into the next
      saved = original.state();
      assertEquals(new LoaderState(11, 1, 12), saved);
      expected = TestData.nextContents(original, 5 + 8); // the rest of epoch 1 and all of epoch 2
    }
    for (int prefetch : new int[] {0, 2}) {
      try (DataLoader resumed = augmented(11, prefetch)) {
        resumed.restore(saved);
        assertEquals(saved, resumed.state());
        assertEquals(5, resumed.remainingInEpoch());
        assertEquals(expected, TestData.nextContents(resumed, 13), "prefetch " + prefetch);
      }
    }
  }

  @Test
  void restoringTheSameLoaderRewindsEvenWithBatchesPrefetched() throws InterruptedException {
    try (DataLoader loader = augmented(4, 3)) {
      TestData.nextContents(loader, 2);
      LoaderState mark = loader.state();
      List<String> expected = TestData.nextContents(loader, 6);
      Thread.sleep(20); // let the prefetch thread run ahead of the mark
      loader.restore(mark);
      assertEquals(expected, TestData.nextContents(loader, 6));
    }
  }

  @Test
  void stateAtAnEpochEndResumesAtTheNextEpoch() {
    try (DataLoader loader = augmented(5, 0)) {
      loader.restore(new LoaderState(5, 3, 30));
      assertEquals(new LoaderState(5, 4, 0), loader.state());
      Batch b = loader.next();
      assertEquals(4, b.epoch());
      assertEquals(0, b.position());
    }
  }

  @Test
  void refusesStatesOfAnotherRunOrDataset() {
    try (DataLoader loader = augmented(5, 0)) {
      IllegalArgumentException seed = assertThrows(IllegalArgumentException.class,
          () -> loader.restore(new LoaderState(6, 0, 0)));
      assertEquals("The loader state was saved with seed 6, but this loader uses seed 5; build the loader with"
          + " seed(6) to resume that run", seed.getMessage());
      IllegalArgumentException position = assertThrows(IllegalArgumentException.class,
          () -> loader.restore(new LoaderState(5, 0, 31)));
      assertTrue(position.getMessage().contains("the dataset has only 30 samples"), position.getMessage());
      assertThrows(IllegalArgumentException.class, () -> new LoaderState(5, -1, 0));
    }
  }

  @Test
  void encodesAsTextAndAsJavaSerialization() throws IOException, ClassNotFoundException {
    LoaderState state = new LoaderState(-42, 3, 1280);
    assertEquals("seed=-42;epoch=3;position=1280", state.encode());
    assertEquals(state, LoaderState.decode(state.encode()));
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> LoaderState.decode("seed=1;epoch=x;position=0"));
    assertTrue(bad.getMessage().contains("expected seed=<long>;epoch=<int>;position=<int>"), bad.getMessage());
    assertThrows(IllegalArgumentException.class, () -> LoaderState.decode("seed=1;epoch=2"));

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(state);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertEquals(state, in.readObject());
    }
  }
}
