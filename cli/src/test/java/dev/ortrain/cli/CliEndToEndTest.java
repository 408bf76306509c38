package dev.ortrain.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.loop.RegisteredExperiment;
import dev.ortrain.loop.RunOptions;
import dev.ortrain.loop.Trainer;
import dev.ortrain.settings.Settings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One epoch of the test-only experiment through the runner, then its checkpoint evaluated and resumed. */
class CliEndToEndTest {
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G'};

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int execute(String... args) {
    return Cli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void aRunFillsItsFolderAndItsCheckpointEvaluatesAndRefusesAnotherConfiguration() throws Exception {
    Path run = dir.resolve("tiny");
    assertEquals(0, execute("run", "TinyExperiment", "--set", "epochs=1", "--set", "seed=3", "--device", "cpu",
        "--out", run.toString()), err.toString());

    String config = Files.readString(run.resolve("config.json"));
    assertTrue(config.contains("\"experiment\": \"dev.ortrain.cli.TinyExperiment\""), config);
    assertTrue(config.contains("\"epochs\": 1,"), config);
    assertTrue(config.contains("\"seed\": 3,"), config);
    List<String> csv = Files.readAllLines(run.resolve("metrics.csv"));
    assertEquals(2, csv.size(), csv.toString()); // header and the one epoch
    assertTrue(csv.get(0).contains("val_accuracy"), csv.get(0));
    assertEquals(1, Files.readAllLines(run.resolve("metrics.jsonl")).size());
    assertTrue(Files.size(run.resolve("model.onnx")) > 0);
    byte[] png = Files.readAllBytes(run.resolve("curves.png"));
    assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(png, 4));
    List<Path> checkpoints;
    try (var listing = Files.list(run.resolve("checkpoints"))) {
      checkpoints = listing.toList();
    }
    assertEquals(1, checkpoints.size(), checkpoints.toString());
    String summary = out.toString();
    assertTrue(summary.contains("TinyExperiment: 1 epoch(s), 4 steps, completed, wall time"), summary);
    assertTrue(summary.contains("val_accuracy") && summary.contains("Run folder: " + run.toAbsolutePath()), summary);

    // The checkpoint's run folder supplies the overrides it was trained with.
    out.getBuffer().setLength(0);
    assertEquals(0, execute("evaluate", "TinyExperiment", "--checkpoint", checkpoints.get(0).toString()),
        err.toString());
    assertTrue(out.toString().contains("Overrides of the run that wrote the checkpoint: epochs=1 seed=3"),
        out.toString());
    assertTrue(out.toString().contains("on the test data:") && out.toString().contains("test_accuracy"),
        out.toString());

    assertEquals(Cli.RUN_FAILED, execute("run", "TinyExperiment", "--set", "seed=4", "--resume",
        checkpoints.get(0).toString()));
    assertTrue(err.toString().contains("belongs to a different configuration"), err.toString());
    assertEquals(config, Files.readString(run.resolve("config.json")), "the refused resume wrote no configuration");
    // so the resume with the folder's own configuration is still accepted
    assertEquals(0, execute("run", "TinyExperiment", "--resume", checkpoints.get(0).toString()), err.toString());
  }

  @Test
  void aResumedRunTakesTheOverridesOfItsFolderAndFinishesTheEpochs() throws Exception {
    Path run = dir.resolve("resumed");
    assertEquals(0, execute("run", "TinyExperiment", "--set", "epochs=2", "--out", run.toString()), err.toString());
    Path first = run.resolve("checkpoints").resolve("epoch-0001-step-00000004");
    assertTrue(Files.isDirectory(first), first.toString());

    out.getBuffer().setLength(0);
    assertEquals(0, execute("run", "TinyExperiment", "--resume", first.toString()), err.toString());
    assertTrue(out.toString().contains("Overrides of the run that wrote the checkpoint: epochs=2"), out.toString());
    assertTrue(out.toString().contains("TinyExperiment: 2 epoch(s), 8 steps, completed"), out.toString());
    assertEquals(3, Files.readAllLines(run.resolve("metrics.csv")).size()); // each epoch once after the resume

    // "Resume this run": the run folder itself, from its newest valid checkpoint.
    out.getBuffer().setLength(0);
    assertEquals(0, execute("run", "TinyExperiment", "--resume", run.toString()), err.toString());
    assertTrue(out.toString().contains("Overrides of the run that wrote the checkpoint: epochs=2"), out.toString());
    assertEquals(3, Files.readAllLines(run.resolve("metrics.csv")).size());
  }

  /** Five seeds, mean ± std, as papers report it: each seed its own folder and initial weights. */
  @Test
  void seedsRunOneFolderEachAndAreSummarized() throws Exception {
    Path root = dir.resolve("seeds");
    assertEquals(0, execute("run", "TinyExperiment", "--set", "epochs=1", "--seeds", "1,2,3", "--out",
        root.toString()), err.toString());
    for (int seed = 1; seed <= 3; seed++) {
      String config = Files.readString(root.resolve("seed-" + seed).resolve("config.json"));
      assertTrue(config.contains("\"seed\": " + seed + ","), config);
    }
    List<String> csv = Files.readAllLines(root.resolve(SeedSummary.CSV));
    assertTrue(csv.stream().anyMatch(l -> l.startsWith("val_loss,final,")), csv.toString());
    String[] finalLoss = csv.stream().filter(l -> l.startsWith("val_loss,final,")).findFirst().orElseThrow()
        .split(",");
    assertTrue(Double.parseDouble(finalLoss[3]) > 0, "other seeds, other initial weights, other losses: " + csv);
    assertTrue(out.toString().contains("Over 3 seeds (1, 2, 3)"), out.toString());
    assertEquals(Cli.USAGE_ERROR, execute("run", "TinyExperiment", "--set", "seed=4", "--seeds", "1,2"));
    assertTrue(err.toString().contains("leave seed out of --set"), err.toString());
  }

  /** Schedule and early-stopping settings given on the command line take effect as annotated ones would. */
  @Test
  void scheduleAndEarlyStoppingSetOnTheCommandLineChangeTheTraining() throws Exception {
    Path run = dir.resolve("set");
    assertEquals(0, execute("run", "TinyExperiment", "--set", "epochs=6", "--set", "schedule.type=EXPONENTIAL",
        "--set", "schedule.gamma=0.5", "--set", "schedule.unit=EPOCH", "--set", "earlyStoppingMonitor=val_loss",
        "--set", "patience=1", "--set", "minDelta=100", "--out", run.toString()), err.toString());
    List<String> csv = Files.readAllLines(run.resolve("metrics.csv"));
    // minDelta 100: no validation improves on the first, so patience 1 stops after the second epoch
    assertEquals(3, csv.size(), csv.toString());
    int lr = Arrays.asList(csv.get(0).split(",")).indexOf("lr");
    assertEquals(0.05, Double.parseDouble(csv.get(1).split(",")[lr]), 1e-9, csv.toString());
    assertEquals(0.025, Double.parseDouble(csv.get(2).split(",")[lr]), 1e-9, csv.toString());
    String config = Files.readString(run.resolve("config.json"));
    assertTrue(config.contains("\"schedule.type\": \"EXPONENTIAL\""), config);
    assertTrue(config.contains("\"patience\": 1,"), config);
  }

  @Test
  void aSettingsFileIsReadAndSetWinsOverIt() throws Exception {
    Path settings = Files.writeString(dir.resolve("settings.yaml"), "epochs: 3\nbatchSize: 8\n");
    Path run = dir.resolve("from-file");
    assertEquals(0, execute("run", "TinyExperiment", "--config", settings.toString(), "--set", "epochs=1", "--out",
        run.toString()), err.toString());
    String config = Files.readString(run.resolve("config.json"));
    assertTrue(config.contains("\"epochs\": 1,") && config.contains("\"batchSize\": 8,"), config);
    assertEquals(2, Files.readAllLines(run.resolve("metrics.csv")).size());
  }

  @Test
  void aCombinationTheProcessorWouldRefuseIsAUsageErrorBeforeTraining() {
    assertEquals(Cli.USAGE_ERROR, execute("run", "TinyExperiment", "--set", "schedule.type=COSINE", "--out",
        dir.resolve("refused").toString()));
    assertTrue(err.toString().contains("error: schedule.type = COSINE needs schedule.tMax"), err.toString());
    assertTrue(Files.notExists(dir.resolve("refused")), "nothing written for a refused configuration");
  }

  /** The seed decides the initial weights, kept in the run's training artifacts, through --set and --seeds alike. */
  @Test
  void theSeedDecidesTheInitialWeightsThroughSetAndSeeds() throws Exception {
    assertEquals(0, execute("run", "TinyExperiment", "--set", "epochs=1", "--set", "seed=1", "--out",
        dir.resolve("a").toString()), err.toString());
    assertEquals(0, execute("run", "TinyExperiment", "--set", "epochs=1", "--set", "seed=1", "--out",
        dir.resolve("b").toString()), err.toString());
    assertEquals(0, execute("run", "TinyExperiment", "--set", "epochs=1", "--seeds", "2", "--out",
        dir.resolve("seeds").toString()), err.toString());
    byte[] seedOne = initialWeights(dir.resolve("a"));
    assertArrayEquals(seedOne, initialWeights(dir.resolve("b")));
    assertArrayEquals(seedOne, initialWeights(dir.resolve("seeds").resolve("seed-1")));
    assertFalse(Arrays.equals(seedOne, initialWeights(dir.resolve("seeds").resolve("seed-2"))));
  }

  private static byte[] initialWeights(Path run) throws IOException {
    return Files.readAllBytes(run.resolve("artifacts").resolve("checkpoint"));
  }

  @Test
  void aMisspeltMonitorGivenAtRunTimeFailsBeforeTrainingWithTheClosestName() {
    assertEquals(Cli.RUN_FAILED, execute("run", "TinyExperiment", "--set", "earlyStoppingMonitor=val_acc", "--out",
        dir.resolve("typo").toString()));
    assertTrue(err.toString().contains("error: early stopping watches val_acc, which validation does not report;"
        + " did you mean val_accuracy?"), err.toString());
    assertFalse(Files.exists(dir.resolve("typo").resolve("metrics.csv")), "nothing trained");
  }

  @Test
  void testEvaluatesTheTestDataOnceAfterTrainingAndKeepsItsMetrics() throws Exception {
    Path run = dir.resolve("tested");
    assertEquals(0, execute("run", "TinyExperiment", "--set", "epochs=1", "--test", "--out", run.toString()),
        err.toString());
    assertTrue(out.toString().contains("Test metrics (once, after training): " + run.resolve(TestMetrics.FILE)
        .toAbsolutePath()), out.toString());
    String metrics = Files.readString(run.resolve(TestMetrics.FILE));
    assertTrue(metrics.contains("\"test_accuracy\":"), metrics);
  }

  @Test
  void testIsRefusedForAnExperimentWithoutTestData() {
    RegisteredExperiment tiny = ExperimentCatalog.onClassPath().find("TinyExperiment");
    RegisteredExperiment untested = new RegisteredExperiment() {
      public String name() {
        return "Untested";
      }

      public String className() {
        return "demo.Untested";
      }

      public Settings defaultSettings() {
        return tiny.defaultSettings();
      }

      public Path defaultRunDirectory() {
        return dir.resolve("untested");
      }

      public boolean hasTestData() {
        return false;
      }

      public boolean hasValidationData() {
        return true;
      }

      public Trainer create(RunOptions options) {
        return tiny.create(options);
      }
    };
    assertEquals(Cli.USAGE_ERROR, Cli.execute(new ExperimentCatalog(List.of(untested)),
        new String[] {"run", "Untested", "--test"}, new PrintWriter(out, true), new PrintWriter(err, true)));
    assertTrue(err.toString().contains("--test: Untested declares no @TestData"), err.toString());
    assertFalse(Files.exists(dir.resolve("untested")));
  }
}
