package dev.ortrain.benchmarks.diagnostics;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtTrainingSession;
import dev.ortrain.benchmarks.experiments.BenchmarkCnnTrainer;
import dev.ortrain.benchmarks.experiments.BenchmarkImported;
import dev.ortrain.benchmarks.experiments.BenchmarkImportedTrainer;
import dev.ortrain.benchmarks.experiments.BenchmarkData;
import dev.ortrain.benchmarks.experiments.BenchmarkMlpTrainer;
import dev.ortrain.callbacks.BatchOutcome;
import dev.ortrain.callbacks.Callback;
import dev.ortrain.callbacks.TrainingContext;
import dev.ortrain.data.Dataset;
import dev.ortrain.data.FieldValues;
import dev.ortrain.loop.RunOptions;
import dev.ortrain.recording.Recording;
import dev.ortrain.loop.Trainer;
import dev.ortrain.session.TrainingSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The framework's overhead measured without the noise of two processes: blocks of a generated trainer's (MLP, CNN,
 * or a model PyTorch exported, {@code --model imported --onnx FILE})
 * {@code fit()} alternate, on the fit thread, with blocks of hand-written loops on the very same ONNX Runtime
 * session (same threads, same memory, same JIT). The hand-written loops gather shuffled batches into reused
 * buffers as the benchmark's raw worker does; one reads its outputs as the Java API returns them, the other
 * hands ONNX Runtime pinned output buffers as ortrain does. Blocks are short (100 steps) and many, so that
 * the machine's drift falls on every contender alike; a third hand-written block runs the pinned loop's very
 * code again, and its difference from the pinned loop is the method's noise floor. Reaching the trainer's
 * session takes reflection on two private fields: this diagnostic needs the one session, and the public API
 * rightly does not hand it out. Run: {@code mvn -B -q install -DskipTests && mvn -B -q -pl benchmarks exec:java
 * -Dexec.mainClass=dev.ortrain.benchmarks.diagnostics.SameSessionOverhead -Dexec.args="--batch 64 --blocks 150"}.
 */
public final class SameSessionOverhead {
  private final int warmUpSteps; // unrecorded: the JIT compiles the framework's loop meanwhile
  private final int warmUpBlocks;
  private static final int PLAIN = 0;
  private static final int PINNED = 1;
  private static final int CONTROL = 2; // the pinned loop again
  private static final int FIT = 3;
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

  private SameSessionOverhead(int batch, Dataset train, int warmUpSteps, int warmUpBlocks) {
    this.batch = batch;
    this.warmUpSteps = warmUpSteps;
    this.warmUpBlocks = warmUpBlocks;
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
    String model = "mlp";
    String onnx = null;
    int batch = 64;
    int blocks = 150;
    int blockSteps = 100;
    int warmUpSteps = 1000;
    int warmUpBlocks = 30;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--model" -> model = args[++i];
        case "--onnx" -> onnx = args[++i];
        case "--batch" -> batch = Integer.parseInt(args[++i]);
        case "--blocks" -> blocks = Integer.parseInt(args[++i]);
        case "--block-steps" -> blockSteps = Integer.parseInt(args[++i]);
        case "--warm-up-steps" -> warmUpSteps = Integer.parseInt(args[++i]);
        case "--warm-up-blocks" -> warmUpBlocks = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("Unknown argument " + args[i]
            + "; use --model mlp|cnn|imported [--onnx FILE] --batch N --blocks N --block-steps N"
            + " --warm-up-steps N --warm-up-blocks N");
      }
    }
    if (!List.of("mlp", "cnn", "imported").contains(model)) {
      throw new IllegalArgumentException("--model must be mlp, cnn or imported, got " + model);
    }
    if (model.equals("imported") != (onnx != null)) {
      throw new IllegalArgumentException("--onnx FILE (a model torch_worker.py --export wrote) goes with --model"
          + " imported, and only with it");
    }
    if (onnx != null) {
      System.setProperty(BenchmarkImported.MODEL_PROPERTY, onnx);
    }
    new SameSessionOverhead(batch, BenchmarkData.load().train(), warmUpSteps, warmUpBlocks)
        .run(model, blocks, blockSteps);
  }

  private void run(String model, int blocks, int blockSteps) throws Exception {
    long[] nanos = new long[4];
    Callback alternate = new Callback() {
      private int steps;
      private int block = -warmUpBlocks;
      private long fitStart;

      @Override
      public void onBatchEnd(TrainingContext ctx, BatchOutcome outcome) {
        steps++;
        if (steps <= warmUpSteps || (steps - warmUpSteps) % blockSteps != 0) {
          if (steps == warmUpSteps) {
            fitStart = System.nanoTime();
          }
          return;
        }
        long fit = System.nanoTime() - fitStart;
        // Alternate the order, so that no hand-written loop always follows fit().
        int[] sequence = block % 2 == 0 ? new int[] {PLAIN, PINNED, CONTROL} : new int[] {CONTROL, PINNED, PLAIN};
        long[] times = new long[4];
        times[FIT] = fit;
        for (int loop : sequence) {
          long start = System.nanoTime();
          steps(loop != PLAIN, blockSteps);
          times[loop] = System.nanoTime() - start;
        }
        if (block >= 0) {
          for (int i = 0; i < 4; i++) {
            nanos[i] += times[i];
          }
        }
        if (++block == blocks) {
          ctx.stop("measured");
        }
        fitStart = System.nanoTime();
      }
    };
    RunOptions options = RunOptions.defaults()
        .withConfigOverride(c -> c.batchSize(batch).threads(2).epochs(100_000))
        .withRunDirectory(Files.createTempDirectory("ortrain-same-session"))
        .withCallbacks(List.of(alternate))
        .withRecording(Recording.nothing()); // the loop alone is compared with the hand-written one
    if (model.equals("imported")) {
      try (BenchmarkImportedTrainer generated = BenchmarkImportedTrainer.create(options)) {
        attach(generated.engine());
        generated.engine().fit();
      }
    } else if (model.equals("cnn")) {
      try (BenchmarkCnnTrainer generated = BenchmarkCnnTrainer.create(options)) {
        attach(generated.engine());
        generated.engine().fit();
      }
    } else {
      try (BenchmarkMlpTrainer generated = BenchmarkMlpTrainer.create(options)) {
        attach(generated.engine());
        generated.engine().fit();
      }
    }
    double steps = (double) blocks * blockSteps;
    System.out.printf("%s, batch %d, %d alternating blocks of %d steps; microseconds per step: fit %.1f, hand-written"
        + " loop on the plain API %.1f, with pinned outputs %.1f%n", model, batch, blocks, blockSteps,
        nanos[FIT] / steps / 1e3, nanos[PLAIN] / steps / 1e3, nanos[PINNED] / steps / 1e3);
    System.out.printf("fit's extra time per step over the plain-API loop %s, over the pinned loop %s; noise floor"
        + " (the pinned loop's code run again) %s%n", percent(nanos[FIT], nanos[PLAIN]),
        percent(nanos[FIT], nanos[PINNED]), percent(nanos[CONTROL], nanos[PINNED]));
  }

  private static String percent(long a, long b) {
    return String.format("%+.2f%%", 100.0 * (a - b) / b);
  }

  private void attach(Trainer trainer) throws ReflectiveOperationException, OrtException {
    Object run = trainer.state(); // the run state behind the public context; sets the trainer up, as fit would
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
    // The loss and the gradient norm are scalars; the prediction (named by the model) is [batch, 10].
    for (String name : session.getTrainOutputNames()) {
      pinned.put(name, switch (name) {
        case "loss" -> OnnxTensor.createTensor(env, loss, new long[] {});
        case "grad_norm" -> OnnxTensor.createTensor(env, floats(1), new long[] {});
        default -> OnnxTensor.createTensor(env, floats(batch * 10), new long[] {batch, 10});
      });
    }
  }

  private static FloatBuffer floats(int n) {
    return ByteBuffer.allocateDirect(n * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
  }

  /** {@code count} steps of the hand-written loop. */
  private void steps(boolean pin, int count) {
    try {
      for (int step = 0; step < count; step++) {
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
}
