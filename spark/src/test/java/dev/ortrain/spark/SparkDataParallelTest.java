package dev.ortrain.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.checkpoint.CheckpointStore;
import dev.ortrain.checkpoint.OrtCheckpoint;
import dev.ortrain.cli.Cli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/** Data-parallel training through the command line's run --spark, in Spark's local mode. */
class SparkDataParallelTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int execute(String... args) {
    return Cli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  /** The newest checkpoint of a run folder, as ONNX Runtime wrote it. */
  private static OrtCheckpoint newestCheckpoint(Path runFolder) {
    List<Path> checkpoints = new CheckpointStore(runFolder.resolve("checkpoints")).list();
    return OrtCheckpoint.read(checkpoints.get(checkpoints.size() - 1).resolve("model.ckpt"));
  }

  /**
   * Through the barrier, and through the tree on one task slot: its rounds are jobs whose tasks need not run at
   * once, so the two workers train in turn.
   */
  @ParameterizedTest
  @CsvSource({"barrier, local[2]", "tree, local[1]"})
  void sgdOnTwoWorkersAtBatch4AveragedEveryStepEqualsOneWorkerAtBatch8(String exchange, String master) {
    Path one = dir.resolve("one");
    assertEquals(0, execute("run", "SgdSparkExperiment", "--set", "batchSize=8", "--out", one.toString()),
        err.toString());
    Path two = dir.resolve("two");
    assertEquals(0, execute("run", "SgdSparkExperiment", "--spark", master, "--workers", "2", "--average-every",
        "1", "--exchange", exchange, "--out", two.toString()), err.toString());
    assertTrue(out.toString().contains("Data-parallel on Spark at " + master + ": 2 worker(s) at batch size 4,"
        + " averaging every 1 step(s), 1 thread(s) each"), out.toString());
    assertTrue(out.toString().contains("SgdSparkExperiment: 2 epoch(s), 8 steps, completed"), out.toString());
    assertSameParameters(one, two);

    // a finished run resumed from its newest checkpoint has nothing left to train
    out.getBuffer().setLength(0);
    assertEquals(0, execute("run", "SgdSparkExperiment", "--spark", master, "--exchange", exchange, "--resume",
        two.toString()), err.toString());
    assertTrue(out.toString().contains("SgdSparkExperiment: 2 epoch(s), 8 steps, completed"), out.toString());
  }

  /** The momentum buffer is linear in the gradients and averaged with the parameters, so this holds with it too. */
  @Test
  void sgdWithMomentumOnTwoWorkersAveragedEveryStepEqualsOneWorkerAtTwiceTheBatch() {
    Path one = dir.resolve("one");
    assertEquals(0, execute("run", "SgdSparkExperiment", "--set", "batchSize=8", "--set", "momentum=0.9", "--out",
        one.toString()), err.toString());
    Path two = dir.resolve("two");
    assertEquals(0, execute("run", "SgdSparkExperiment", "--spark", "local[2]", "--set", "momentum=0.9", "--out",
        two.toString()), err.toString());
    assertSameParameters(one, two);
  }

  /** Every parameter of both workers within float rounding of the one worker's. */
  private static void assertSameParameters(Path oneWorker, Path twoWorkers) {
    OrtCheckpoint expected = newestCheckpoint(oneWorker);
    for (Path worker : List.of(twoWorkers, twoWorkers.resolve("workers/worker-1"))) {
      OrtCheckpoint actual = newestCheckpoint(worker);
      assertEquals(expected.trainable().size(), actual.trainable().size());
      for (int t = 0; t < expected.trainable().size(); t++) {
        float[] want = expected.trainable().get(t).toFloats();
        float[] got = actual.trainable().get(t).toFloats();
        for (int i = 0; i < want.length; i++) {
          assertEquals(want[i], got[i], 1e-6f * Math.max(1f, Math.abs(want[i])), "parameter " + t + "[" + i + "]");
        }
      }
    }
  }

  @Test
  void adamWAveragedEveryThreeStepsResumesBitIdenticallyWhenAWorkerIsLost() throws IOException {
    Path whole = dir.resolve("whole");
    String[] run = {"run", "AdamWSparkExperiment", "--spark", "local[2,2]", "--average-every", "3", "--out"};
    assertEquals(0, execute(concat(run, whole.toString())), err.toString());

    AdamWSparkExperiment.LOSE_WORKER_1.set(true);
    Path lost = dir.resolve("lost");
    assertEquals(0, execute(concat(run, lost.toString())), err.toString());
    assertFalse(AdamWSparkExperiment.LOSE_WORKER_1.get(), "worker 1 was never lost");
    assertSameEnd(whole, lost);

    // the states exchanged through the run folder average to the same bits, a lost worker included
    AdamWSparkExperiment.LOSE_WORKER_1.set(true);
    Path throughFiles = dir.resolve("through-files");
    assertEquals(0, execute("run", "AdamWSparkExperiment", "--spark", "local[2,2]", "--average-every", "3",
        "--exchange", "run_folder", "--out", throughFiles.toString()), err.toString());
    assertFalse(AdamWSparkExperiment.LOSE_WORKER_1.get(), "worker 1 was never lost");
    assertSameEnd(whole, throughFiles);
    assertFalse(Files.exists(throughFiles.resolve("exchange")), "the exchanged states were left behind");

    // a job per round, the mean summed on the driver in worker order: the barrier's bits, uninterrupted and when
    // worker 1 is lost (its task retried, finding no worker, and every worker restarted from the common checkpoint)
    String[] tree = {"run", "AdamWSparkExperiment", "--spark", "local[2,2]", "--average-every", "3", "--exchange",
        "tree", "--out"};
    Path throughTree = dir.resolve("through-tree");
    assertEquals(0, execute(concat(tree, throughTree.toString())), err.toString());
    assertSameEnd(whole, throughTree);
    AdamWSparkExperiment.LOSE_WORKER_1.set(true);
    Path treeLost = dir.resolve("tree-lost");
    assertEquals(0, execute(concat(tree, treeLost.toString())), err.toString());
    assertFalse(AdamWSparkExperiment.LOSE_WORKER_1.get(), "worker 1 was never lost");
    assertSameEnd(whole, treeLost);
    assertFalse(Files.exists(treeLost.resolve("exchange")), "the generations' markers were left behind");

    // without retries the loss fails the run, and worker 0, parked, closes: --resume goes on to the same end
    AdamWSparkExperiment.LOSE_WORKER_1.set(true);
    Path treeFailed = dir.resolve("tree-failed");
    assertEquals(1, execute("run", "AdamWSparkExperiment", "--spark", "local[2]", "--average-every", "3",
        "--exchange", "tree", "--out", treeFailed.toString()));
    assertTrue(err.toString().contains("simulated loss of the executor"), err.toString());
    assertEquals(0, execute("run", "AdamWSparkExperiment", "--spark", "local[2]", "--average-every", "3",
        "--exchange", "tree", "--resume", treeFailed.toString()), err.toString());
    assertSameEnd(whole, treeFailed);
  }

  /** Both workers' newest checkpoints and the run's metrics the same, bit for bit. */
  private static void assertSameEnd(Path whole, Path lost) throws IOException {
    for (String worker : List.of("", "workers/worker-1")) {
      OrtCheckpoint expected = newestCheckpoint(whole.resolve(worker));
      OrtCheckpoint actual = newestCheckpoint(lost.resolve(worker));
      assertEquals(expected.trainable(), actual.trainable());
      assertEquals(expected.optimizer().orElseThrow().step(), actual.optimizer().orElseThrow().step());
      assertEquals(expected.optimizer().orElseThrow().momentsByParameter(),
          actual.optimizer().orElseThrow().momentsByParameter());
    }
    assertEquals(Files.readString(whole.resolve("metrics.csv")), Files.readString(lost.resolve("metrics.csv")));
    // the workers hold the average after the last step of each epoch
    assertEquals(newestCheckpoint(whole).trainable(), newestCheckpoint(whole.resolve("workers/worker-1")).trainable());
  }

  @Test
  void aTreeRunWhoseWorkerIsLostInEveryGenerationFromOneCheckpointGivesUp() {
    System.setProperty("spark.stage.maxConsecutiveAttempts", "2");
    try {
      assertEquals(1, execute("run", "LostInEveryGenerationExperiment", "--spark", "local[2,2]", "--exchange", "tree",
          "--out", dir.toString()));
    } finally {
      System.clearProperty("spark.stage.maxConsecutiveAttempts");
    }
    assertTrue(err.toString().contains("Workers were lost in 2 generations in a row that all started from checkpoint"
        + " epoch-0001"), err.toString());
  }

  @Test
  void moreWorkersThanTaskSlotsIsRefusedWithTheFix() {
    assertEquals(1, execute("run", "SgdSparkExperiment", "--spark", "local[2]", "--workers", "3", "--out",
        dir.toString()));
    assertTrue(err.toString().contains("3 workers train at once in a barrier stage, but Spark at local[2] has 2 task"
        + " slot(s): give --workers 2 or fewer, a master with more cores, or --exchange tree (whose rounds are"
        + " separate jobs)"), err.toString());
  }

  @Test
  void testsDevelopmentFlagsAndBadAveragingAreRefusedWithSpark() {
    assertEquals(2, execute("run", "SgdSparkExperiment", "--spark", "local[2]", "--fast-dev-run"));
    assertTrue(err.toString().contains("--test and the development flags run on this machine: drop them, or --spark"),
        err.toString());
    assertEquals(2, execute("run", "SgdSparkExperiment", "--spark", "local[2]", "--seeds", "2", "--workers", "2"));
    assertTrue(err.toString().contains("--seeds on Spark trains each seed's run as one task from the start: drop"
        + " --workers, --average-every, --exchange and --resume"), err.toString());
    assertEquals(2, execute("run", "SgdSparkExperiment", "--spark", "local[2]", "--average-every", "0"));
    assertTrue(err.toString().contains("--average-every 0: give at least 1 optimizer step"), err.toString());
  }

  @Test
  void skippingNonFiniteStepsIsRefusedSinceTheOtherWorkersWouldWaitForever() {
    assertEquals(2, execute("run", "SgdSparkExperiment", "--spark", "local[2]", "--set", "nanPolicy=SKIP", "--out",
        dir.resolve("skip").toString()));
    assertTrue(err.toString().contains("data-parallel training needs nanPolicy = FAIL (--set nanPolicy=FAIL)"),
        err.toString());
    assertFalse(Files.exists(dir.resolve("skip").resolve("metrics.csv")), "a refused run trained");
  }

  private static String[] concat(String[] args, String last) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add(last);
    return all.toArray(String[]::new);
  }
}
