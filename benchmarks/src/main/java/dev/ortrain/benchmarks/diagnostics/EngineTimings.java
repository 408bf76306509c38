package dev.ortrain.benchmarks.diagnostics;

import dev.ortrain.benchmarks.Workload;
import dev.ortrain.benchmarks.Workloads;
import dev.ortrain.callbacks.BatchOutcome;
import dev.ortrain.callbacks.Callback;
import dev.ortrain.callbacks.TrainingContext;
import dev.ortrain.data.ArrayDataset;
import dev.ortrain.data.Batch;
import dev.ortrain.data.DataLoader;
import dev.ortrain.data.Dataset;
import dev.ortrain.data.FashionMnist;
import dev.ortrain.data.Split;
import dev.ortrain.graph.Shape;
import dev.ortrain.loop.Trainer;
import dev.ortrain.loop.TrainerConfig;
import dev.ortrain.loss.CrossEntropyLoss;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Engine figures for the CNN (or MLP) of the benchmark: data loading against step time, one epoch's wall
 * time against the sum of its steps, and the time to save and restore a full checkpoint. Run:
 * {@code mvn -B -q install -DskipTests && mvn -B -q -pl benchmarks exec:java
 * -Dexec.mainClass=dev.ortrain.benchmarks.diagnostics.EngineTimings -Dexec.args="--model cnn --samples 6400"}.
 */
public final class EngineTimings {
  private EngineTimings() {}

  public static void main(String[] args) throws Exception {
    String modelName = "cnn";
    int samples = 6400;
    int batch = 64;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--model" -> modelName = args[++i];
        case "--samples" -> samples = Integer.parseInt(args[++i]);
        case "--batch" -> batch = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("Unknown argument " + args[i]
            + "; use --model cnn|mlp --samples N --batch N");
      }
    }
    Dataset data = data(samples);
    System.out.printf("model=%s samples=%d batch=%d data=%s%n", modelName, data.size(), batch, data);

    // 1. The loader alone: shuffled batches with prefetch, nothing else.
    try (DataLoader loader = DataLoader.builder(data).batchSize(batch).shuffle(true).seed(1).prefetch(2).build()) {
      long start = System.nanoTime();
      int batches = 0;
      for (int epoch = 0; epoch < 3; epoch++) {
        for (Batch b : loader.restOfEpoch()) {
          batches++;
        }
      }
      double perBatch = (System.nanoTime() - start) / 1e6 / batches;
      System.out.printf("loader alone: %.3f ms per batch (%.0f samples/s)%n", perBatch, batch * 1000 / perBatch);
    }

    // 2. One epoch through the trainer: wall time against the sum of the steps' own times.
    Path dir = Files.createTempDirectory("ortrain-engine-bench");
    List<Double> stepSeconds = new ArrayList<>();
    List<Double> epochSeconds = new ArrayList<>();
    Callback timer = new Callback() {
      private long epochStart;

      @Override
      public void onEpochBegin(TrainingContext ctx) {
        epochStart = System.nanoTime();
      }

      @Override
      public void onBatchEnd(TrainingContext ctx, BatchOutcome outcome) {
        stepSeconds.add(outcome.seconds());
      }

      @Override
      public void onEpochEnd(TrainingContext ctx) {
        epochSeconds.add((System.nanoTime() - epochStart) / 1e9);
      }
    };
    TrainerConfig config = TrainerConfig.builder().epochs(2).batchSize(batch).threads(2).learningRate(1e-3f).build();
    try (Trainer t = Trainer.builder().config(config)
        .model(Workloads.model(modelName).build(Shape.batched(1, 28, 28), 1L))
        .loss(CrossEntropyLoss.create()).trainData(data).callback(timer).runDirectory(dir).log(m -> { }).build()) {
      long start = System.nanoTime();
      t.fit();
      double wall = (System.nanoTime() - start) / 1e9;
      int perEpoch = stepSeconds.size() / 2;
      double secondEpochSteps = stepSeconds.subList(perEpoch, stepSeconds.size()).stream()
          .mapToDouble(Double::doubleValue).sum();
      double[] sorted = stepSeconds.subList(perEpoch, stepSeconds.size()).stream().mapToDouble(Double::doubleValue)
          .sorted().toArray();
      System.out.printf("step (train step + optimizer step, in the loop): median %.3f ms%n",
          sorted[sorted.length / 2] * 1e3);
      System.out.printf("second epoch: wall %.3f s, sum of its batch times %.3f s (data loading and loop"
          + " overhead: %.2f%%); both epochs with start-up: %.3f s%n", epochSeconds.get(1), secondEpochSteps,
          100 * (epochSeconds.get(1) / secondEpochSteps - 1), wall);

      // 3. Full checkpoint (parameters, optimizer, trainer state; fsync; manifest) and restore.
      double[] save = new double[5];
      double[] load = new double[5];
      for (int i = 0; i < save.length; i++) {
        long s0 = System.nanoTime();
        Path ckpt = t.state().saveCheckpoint("bench-" + i);
        save[i] = (System.nanoTime() - s0) / 1e6;
        long l0 = System.nanoTime();
        t.restore(ckpt);
        load[i] = (System.nanoTime() - l0) / 1e6;
      }
      Arrays.sort(save);
      Arrays.sort(load);
      long bytes = Files.size(dir.resolve("checkpoints/bench-0/model.ckpt"));
      System.out.printf("checkpoint: %.1f MB; save median %.1f ms (min %.1f), restore median %.1f ms (min %.1f)%n",
          bytes / 1e6, save[2], save[0], load[2], load[0]);
    }
  }

  private static Dataset data(int samples) {
    Path debian = Path.of("/usr/share/datasets/fashion-mnist");
    if (Files.isDirectory(debian)) {
      Dataset full = FashionMnist.load(debian, Split.TRAIN).renamed("image", "input").renamed("label", "target");
      return samples >= full.size() ? full : full.slice(0, samples);
    }
    SplittableRandom r = new SplittableRandom(3);
    float[] x = new float[samples * 784];
    long[] y = new long[samples];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextDouble();
    }
    for (int i = 0; i < samples; i++) {
      y[i] = r.nextInt(10);
    }
    return ArrayDataset.builder(samples).floats("input", x, 1, 28, 28).longs("target", y).build();
  }

}
