package dev.ortrain.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.callbacks.BatchOutcome;
import dev.ortrain.callbacks.Callback;
import dev.ortrain.callbacks.ParameterSnapshot;
import dev.ortrain.callbacks.TrainingContext;
import dev.ortrain.checkpoint.OptimizerState;
import dev.ortrain.checkpoint.OrtCheckpoint;
import dev.ortrain.loss.CrossEntropyLoss;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What data-parallel training asks of a running trainer: its state restored whole (parameters and AdamW moments),
 * and a view of its training data (a worker's shard).
 */
class TrainingStateRestoreTest {
  @TempDir Path dir;

  private Trainer.Builder builder(Callback callback) {
    return Trainer.builder().config(TrainerConfig.builder().epochs(1).batchSize(8).threads(1).build())
        .model(TrainerFixtures.mlp(false)).loss(CrossEntropyLoss.create())
        .trainData(TrainerFixtures.clusters(64, 1)).callback(callback).runDirectory(dir).log(m -> { });
  }

  @Test
  void aRestoredTrainingStateIsTheSnapshotsParametersAndMoments() {
    List<ParameterSnapshot> snapshots = new ArrayList<>();
    Callback restoring = new Callback() {
      @Override
      public void onBatchEnd(TrainingContext ctx, BatchOutcome outcome) {
        if (ctx.globalStep() == 2) {
          snapshots.add(ctx.snapshotParameters());
        } else if (ctx.globalStep() == 4) {
          snapshots.add(ctx.snapshotParameters());
          ctx.restoreTrainingState(snapshots.get(0));
          snapshots.add(ctx.snapshotParameters());
        }
      }
    };
    try (Trainer trainer = builder(restoring).build()) {
      trainer.fit();
    }
    OrtCheckpoint atStep2 = snapshots.get(0).checkpoint();
    OrtCheckpoint atStep4 = snapshots.get(1).checkpoint();
    OrtCheckpoint restored = snapshots.get(2).checkpoint();
    assertNotEquals(atStep2.trainable(), atStep4.trainable());
    assertEquals(atStep2.trainable(), restored.trainable());
    OptimizerState moments = atStep2.optimizer().orElseThrow();
    assertNotEquals(moments.momentsByParameter(), atStep4.optimizer().orElseThrow().momentsByParameter());
    assertEquals(moments.momentsByParameter(), restored.optimizer().orElseThrow().momentsByParameter());
  }

  @Test
  void parametersWithoutTheOptimizerStateAreRefusedWithTheFix() {
    Callback restoring = new Callback() {
      @Override
      public void onBatchEnd(TrainingContext ctx, BatchOutcome outcome) {
        OrtCheckpoint now = ctx.snapshotParameters().checkpoint();
        ctx.restoreTrainingState(new ParameterSnapshot(OrtCheckpoint.ofParameters(now.trainable(), now.frozen()),
            ctx.globalStep()));
      }
    };
    try (Trainer trainer = builder(restoring).build()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, trainer::fit);
      assertTrue(e.getMessage().startsWith("The snapshot has parameters only, but the optimizer keeps a state"),
          e.getMessage());
    }
  }

  @Test
  void aTrainDataViewIsWhatTheRunTrainsOn() {
    try (Trainer trainer = builder(new Callback() {}).runOptions(RunOptions.defaults()
        .withTrainDataView(data -> data.slice(0, 16))).build()) {
      assertEquals(2, trainer.state().batchesPerEpoch());
      assertEquals(2, trainer.fit().globalSteps());
    }
  }
}
