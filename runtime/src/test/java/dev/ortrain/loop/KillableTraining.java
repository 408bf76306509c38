package dev.ortrain.loop;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.ortrain.callbacks.BatchOutcome;
import dev.ortrain.callbacks.Callback;
import dev.ortrain.callbacks.ModelCheckpoint;
import dev.ortrain.callbacks.TrainingContext;
import dev.ortrain.checkpoint.CheckpointStore;
import dev.ortrain.loss.CrossEntropyLoss;
import dev.ortrain.metrics.Accuracy;
import dev.ortrain.schedule.Interval;
import dev.ortrain.schedule.Schedule;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A training process for {@link ResumeAfterKillTest}: trains with dropout, shuffling, accumulation, a
 * cosine schedule and a checkpoint every 3 optimizer steps, printing "STEP n" after each step so that the
 * test can kill it at a chosen one. With "resume" it continues the run folder, from its newest valid checkpoint. At the
 * end it writes the final parameters and the metrics history.
 */
public final class KillableTraining {
  private KillableTraining() {}

  public static void main(String[] args) throws Exception {
    Path runDir = Path.of(args[0]);
    boolean resume = args[1].equals("resume");
    TrainerConfig config = TrainerConfig.builder().epochs(3).batchSize(16).threads(1).learningRate(0.02f)
        .accumulationSteps(2).seed(9).build();
    Callback announcer = new Callback() {
      @Override
      public void onBatchEnd(TrainingContext ctx, BatchOutcome outcome) {
        if (outcome.optimizerStepped()) {
          System.out.println("STEP " + ctx.globalStep());
          System.out.flush();
          try {
            Thread.sleep(15); // gives the killer a window between steps as well as inside them
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }
    };
    try (Trainer t = Trainer.builder().config(config).model(TrainerFixtures.mlp(true)).loss(CrossEntropyLoss.create())
        .trainData(TrainerFixtures.clusters(300, 4)).validationData(TrainerFixtures.clusters(64, 5))
        .metrics(new Accuracy()).schedule(Schedule.cosine(30, 0.001), Interval.STEP)
        .callback(new ModelCheckpoint(3, Interval.STEP, 2, null)).callback(announcer)
        .runDirectory(runDir).log(m -> System.out.println("LOG " + m)).build()) {
      FitResult r;
      if (resume && !new CheckpointStore(runDir.resolve("checkpoints")).list().isEmpty()) {
        r = t.resume(runDir); // the run folder: its newest valid checkpoint
      } else { // killed before its first checkpoint: started again
        r = t.fit();
      }
      t.state().snapshotParameters().checkpoint().write(runDir.resolve("final.ckpt"));
      Gson gson = new GsonBuilder().serializeSpecialFloatingPointValues().create();
      Files.writeString(runDir.resolve("history.json"), gson.toJson(r.history()));
      System.out.println("DONE " + r.globalSteps());
    }
  }
}
