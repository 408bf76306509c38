package dev.ortrain.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ortrain.checkpoint.OrtCheckpoint;
import dev.ortrain.loss.CrossEntropyLoss;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs of one seed on different random streams: the same initial weights, different dropout masks. */
class RandomStreamTest {
  @TempDir Path dir;

  private record Run(OrtCheckpoint initial, OrtCheckpoint end) {}

  private Run trained(String name, RandomStream stream) {
    TrainerConfig config = TrainerConfig.builder().epochs(1).batchSize(16).threads(1).learningRate(0.05f).build();
    Trainer.Builder builder = Trainer.builder().config(config).model(TrainerFixtures.mlp(true))
        .loss(CrossEntropyLoss.create()).trainData(TrainerFixtures.clusters(64, 1)).runDirectory(dir.resolve(name))
        .log(message -> { });
    if (stream != null) {
      builder.runOptions(RunOptions.defaults().withRandomStream(stream));
    }
    try (Trainer trainer = builder.build()) {
      OrtCheckpoint initial = trainer.state().snapshotParameters().checkpoint();
      trainer.fit();
      return new Run(initial, trainer.state().snapshotParameters().checkpoint());
    }
  }

  @Test
  void anotherStreamStartsFromTheSameWeightsAndDropsOtherUnits() {
    Run alone = trained("alone", null);
    Run first = trained("first", RandomStream.FIRST);
    Run second = trained("second", new RandomStream(1));
    assertEquals(alone.end().trainable(), first.end().trainable(), "stream 0 is the seed's own");
    assertEquals(first.initial().trainable(), second.initial().trainable());
    assertNotEquals(first.end().trainable(), second.end().trainable());
    assertEquals(second.end().trainable(), trained("again", new RandomStream(1)).end().trainable());
  }

  @Test
  void aStreamsSeedIsNoNearbySeedsOwn() {
    assertEquals(42L, RandomStream.FIRST.seedFrom(42));
    long second = new RandomStream(1).seedFrom(42);
    assertNotEquals(43L, second);
    assertNotEquals(41L, second);
    assertNotEquals(second, new RandomStream(1).seedFrom(43));
    assertNotEquals(second, new RandomStream(2).seedFrom(42));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RandomStream(-1));
    assertEquals("Random stream -1: give 0 or more", e.getMessage());
  }
}
