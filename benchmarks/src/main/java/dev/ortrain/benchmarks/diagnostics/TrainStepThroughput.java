package dev.ortrain.benchmarks.diagnostics;

import dev.ortrain.benchmarks.Workload;
import dev.ortrain.benchmarks.Workloads;
import ai.onnxruntime.OnnxTensor;
import dev.ortrain.artifacts.ArtifactPaths;
import dev.ortrain.session.SessionConfig;
import dev.ortrain.session.TrainingSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Training-step throughput (samples/s) of the benchmark CNN and the benchmark MLP on CPU: one train
 * step + optimizer step + gradient reset per batch, data already in direct buffers, AdamW, after warm-up;
 * median and range over repeats. Run:
 * {@code mvn -B -q install -DskipTests && mvn -B -q -pl benchmarks exec:java -Dexec.args="--model cnn --batch 64"}.
 */
public final class TrainStepThroughput {
  private TrainStepThroughput() {}

  public static void main(String[] args) throws Exception {
    String modelName = "cnn";
    int batch = 64;
    int threads = 2;
    int repeats = 5;
    int steps = 0;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--model" -> modelName = args[++i];
        case "--batch" -> batch = Integer.parseInt(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--repeats" -> repeats = Integer.parseInt(args[++i]);
        case "--steps" -> steps = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("Unknown argument " + args[i]
            + "; use --model cnn|mlp --batch N --threads N --repeats N --steps N");
      }
    }
    if (steps == 0) {
      steps = modelName.equals("cnn") ? 40 : 400;
    }
    Path dir = Files.createTempDirectory("ortrain-bench");
    long t0 = System.nanoTime();
    ArtifactPaths paths = Workloads.artifacts(modelName, 1L).build().writeTo(dir);
    long t1 = System.nanoTime();
    FloatBuffer x = ByteBuffer.allocateDirect(batch * 784 * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    LongBuffer y = ByteBuffer.allocateDirect(batch * 8).order(ByteOrder.nativeOrder()).asLongBuffer();
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < batch * 784; i++) {
      x.put(i, (float) r.nextDouble());
    }
    for (int i = 0; i < batch; i++) {
      y.put(i, r.nextInt(10));
    }
    SessionConfig config = SessionConfig.defaults().withThreads(threads);
    try (TrainingSession s = TrainingSession.open(paths, config, 1e-3f);
        OnnxTensor xt = s.floatTensor(x, batch, 1, 28, 28);
        OnnxTensor yt = s.longTensor(y, batch)) {
      long t2 = System.nanoTime();
      Map<String, OnnxTensor> feeds = Map.of("input", xt, "target", yt);
      for (int i = 0; i < Math.max(5, steps / 4); i++) {
        step(s, feeds);
      }
      double[] rates = new double[repeats];
      for (int rep = 0; rep < repeats; rep++) {
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) {
          step(s, feeds);
        }
        rates[rep] = (double) steps * batch / ((System.nanoTime() - start) / 1e9);
      }
      Arrays.sort(rates);
      System.out.printf("model=%s batch=%d threads=%d steps=%d repeats=%d%n", modelName, batch, threads, steps, repeats);
      System.out.printf("artifact generation %.0f ms, session creation %.0f ms%n", (t1 - t0) / 1e6, (t2 - t1) / 1e6);
      System.out.printf("train throughput: median %.0f samples/s (min %.0f, max %.0f)%n", rates[repeats / 2], rates[0],
          rates[repeats - 1]);
    }
  }

  private static void step(TrainingSession s, Map<String, OnnxTensor> feeds) {
    s.trainStep(feeds);
    s.optimizerStep();
    s.resetGradients();
  }
}
