package dev.ortrain.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtTrainingSession;
import dev.ortrain.benchmarks.experiments.BenchmarkData;
import dev.ortrain.benchmarks.experiments.BenchmarkMlpTrainer;
import dev.ortrain.callbacks.BatchOutcome;
import dev.ortrain.callbacks.Callback;
import dev.ortrain.callbacks.TrainingContext;
import dev.ortrain.data.Dataset;
import dev.ortrain.data.FieldValues;
import dev.ortrain.loop.RunOptions;
import dev.ortrain.loop.Trainer;
import dev.ortrain.session.TrainingSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The framework's overhead measured without the noise of two processes: windows of the generated MLP
 * trainer's {@code fit()} alternate, on the fit thread, with windows of hand-written loops on the very same
 * ONNX Runtime session (same threads, same memory, same JIT). The hand-written loops gather shuffled batches
 * into reused buffers as the benchmark's raw worker does; one reads its outputs as the Java API returns them,
 * the other hands ONNX Runtime pinned output buffers as ortrain does. Reaching the trainer's session takes
 * reflection on two private fields: this diagnostic needs the one session, and the public API rightly does
 * not hand it out. Run: {@code mvn -B -q install -DskipTests && mvn -B -q -pl benchmarks exec:java
 * -Dexec.mainClass=dev.ortrain.benchmarks.SameSessionOverhead -Dexec.args="--batch 64 --rounds 20"}.
 */
public final class SameSessionOverhead {
  private static final int WARM_UP_ROUNDS = 5;
  private final int batch;
  private final float[] images;
  private final long[] labels;
  private final int[] order;
  private final SplittableRandom random = new SplittableRandom(7);
  private int cursor;
  private OrtTrainingSession session;
  private FloatBuffer x;
  private LongBuffer y;
  private FloatBuffer loss;
  private final Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
  private final Map<String, OnnxValue> pinned = new LinkedHashMap<>();

  private SameSessionOverhead(int batch, Dataset train) {
    this.batch = batch;
    int n = train.size();
    images = new float[n * 784];
    labels = new long[n];
    FieldValues image = new FieldValues(train.fields().get(0));
    FieldValues label = new FieldValues(train.fields().get(1));
    for (int i = 0; i < n; i++) {
      train.read(i, 0, image);
      System.arraycopy(image.floats(), 0, images, i * 784, 784);
      train.read(i, 1, label);
      labels[i] = label.longs()[0];
    }
    order = new int[n];
    reshuffle();
  }

  public static void main(String[] args) throws Exception {
    int batch = 64;
    int rounds = 20;
    double seconds = 1.0;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--batch" -> batch = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--seconds" -> seconds = Double.parseDouble(args[++i]);
        default -> throw new IllegalArgumentException("Unknown argument " + args[i]
            + "; use --batch N --rounds N --seconds S");
      }
    }
    new SameSessionOverhead(batch, BenchmarkData.load().train()).run(rounds, seconds);
  }

  private void run(int rounds, double seconds) throws Exception {
    List<Double> overPlain = new ArrayList<>();
    List<Double> overPinned = new ArrayList<>();
    Callback alternate = new Callback() {
      private long start;
      private int steps;
      private int round = -WARM_UP_ROUNDS; // unrecorded rounds first: the JIT compiles both loops meanwhile

      @Override
      public void onTrainBegin(TrainingContext ctx) {
        start = System.nanoTime();
      }

      @Override
      public void onBatchEnd(TrainingContext ctx, BatchOutcome outcome) {
        steps++;
        long now = System.nanoTime();
        if (now - start < seconds * 1e9) {
          return;
        }
        double fit = steps * batch / ((now - start) / 1e9);
        boolean plainFirst = round % 2 == 0; // alternate which hand-written loop follows the fit window
        double a = window(seconds, !plainFirst);
        double b = window(seconds, plainFirst);
        double plain = plainFirst ? a : b;
        double pins = plainFirst ? b : a;
        if (round >= 0) {
          overPlain.add(plain / fit);
          overPinned.add(pins / fit);
          System.out.printf("round %d: samples/s fit %.0f, plain API %.0f, pinned outputs %.0f%n", round + 1, fit,
              plain, pins);
        }
        if (++round == rounds) {
          ctx.stop("measured");
        }
        steps = 0;
        start = System.nanoTime();
      }
    };
    RunOptions options = RunOptions.defaults()
        .withConfigOverride(c -> c.batchSize(batch).threads(2).epochs(100_000))
        .withRunDirectory(Files.createTempDirectory("ortrain-same-session"))
        .withCallbacks(List.of(alternate));
    try (BenchmarkMlpTrainer generated = BenchmarkMlpTrainer.create(options)) {
      attach(generated.engine());
      generated.engine().fit();
    }
    System.out.printf("batch %d, %d rounds: fit's extra time per step over the hand-written loop on the plain API"
        + " %s, over the one with pinned outputs %s (median [quartiles])%n", batch, rounds, summary(overPlain),
        summary(overPinned));
  }

  private void attach(Trainer trainer) throws ReflectiveOperationException, OrtException {
    var runField = Trainer.class.getDeclaredField("run");
    runField.setAccessible(true);
    Object run = runField.get(trainer);
    var sessionField = run.getClass().getDeclaredField("session");
    sessionField.setAccessible(true);
    var ortField = TrainingSession.class.getDeclaredField("session");
    ortField.setAccessible(true);
    session = (OrtTrainingSession) ortField.get(sessionField.get(run));
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    x = ByteBuffer.allocateDirect(batch * 784 * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    y = ByteBuffer.allocateDirect(batch * 8).order(ByteOrder.nativeOrder()).asLongBuffer();
    for (String name : session.getTrainInputNames()) {
      feeds.put(name, switch (name) {
        case "input" -> OnnxTensor.createTensor(env, x, new long[] {batch, 1, 28, 28});
        case "target" -> OnnxTensor.createTensor(env, y, new long[] {batch});
        default -> OnnxTensor.createTensor(env, 1f);
      });
    }
    loss = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    pinned.put("loss", OnnxTensor.createTensor(env, loss, new long[] {}));
    pinned.put("output", OnnxTensor.createTensor(env, floats(batch * 10), new long[] {batch, 10}));
    pinned.put("grad_norm", OnnxTensor.createTensor(env, floats(1), new long[] {}));
  }

  private static FloatBuffer floats(int n) {
    return ByteBuffer.allocateDirect(n * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
  }

  /** A window of the hand-written loop: samples per second. */
  private double window(double seconds, boolean pin) {
    long start = System.nanoTime();
    int steps = 0;
    try {
      while (true) {
        if (cursor + batch > order.length) {
          reshuffle();
        }
        x.clear();
        y.clear();
        for (int i = cursor; i < cursor + batch; i++) {
          x.put(images, order[i] * 784, 784);
          y.put(labels[order[i]]);
        }
        cursor += batch;
        if (pin) {
          try (OrtSession.Result r = session.trainStep(feeds, pinned)) {
            loss.get(0);
          }
        } else {
          try (OrtSession.Result r = session.trainStep(feeds)) {
            ((OnnxTensor) r.get(0)).getFloatBuffer().get(0);
          }
        }
        session.optimizerStep();
        session.lazyResetGrad();
        steps++;
        long now = System.nanoTime();
        if (now - start >= seconds * 1e9) {
          return steps * batch / ((now - start) / 1e9);
        }
      }
    } catch (OrtException e) {
      throw new IllegalStateException("Hand-written step failed: " + e.getMessage(), e);
    }
  }

  private void reshuffle() {
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    cursor = 0;
  }

  private static String summary(List<Double> ratios) {
    List<Double> sorted = new ArrayList<>(ratios);
    Collections.sort(sorted);
    int n = sorted.size();
    return String.format("%+.1f%% [%+.1f%% to %+.1f%%]", 100 * (sorted.get(n / 2) - 1),
        100 * (sorted.get(n / 4) - 1), 100 * (sorted.get(3 * n / 4) - 1));
  }
}
