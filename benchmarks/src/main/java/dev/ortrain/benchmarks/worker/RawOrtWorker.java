package dev.ortrain.benchmarks.worker;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtTrainingSession;
import com.google.gson.JsonObject;
import dev.ortrain.artifacts.ArtifactBuilder;
import dev.ortrain.artifacts.ArtifactPaths;
import dev.ortrain.benchmarks.Workload;
import dev.ortrain.benchmarks.Workloads;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.OnnxModels;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.layout.BlockedArtifacts;
import dev.ortrain.ort.NativeLibrary;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The yardstick for the framework's overhead: the loop a careful user writes by hand on Microsoft's
 * {@link OrtTrainingSession}, with the very artifacts ortrain generates, specialized for this CPU as ortrain's
 * session specializes them ({@link BlockedArtifacts}). Each step gathers the next shuffled batch into one
 * reused direct buffer (the input tensors wrap those buffers, so ONNX Runtime reads them in place) and runs
 * train step, optimizer step and gradient reset; nothing else. An imported model's dropout layers (ratio 0 in
 * the benchmark) take masks as inputs, fed as constant ones ({@link DropoutMaskInputs}).
 */
final class RawOrtWorker implements Worker {
  private OrtEnvironment env;
  private OrtTrainingSession session;
  private OrtSession.SessionOptions options;
  private ArtifactPaths artifacts;
  private FashionMnistArrays train;
  private FashionMnistArrays test;
  private int batch;
  private int threads;
  private float lr;
  private long seed;
  private Batches trainBatches;
  private Batches evalBatches;
  private OnnxTensor lossScale;
  private DropoutMaskInputs dropoutMasks;
  private int cursor;
  private int[] trainOrder;
  private SplittableRandom trainRandom;
  private int evalCursor;

  @Override
  public Map<String, Object> handle(String op, JsonObject r) throws Exception {
    return switch (op) {
      case "setup" -> setup(r);
      case "train" -> train(r.get("seconds").getAsDouble());
      case "eval" -> eval(r.get("seconds").getAsDouble());
      case "epoch" -> epoch(r.get("samples").getAsInt());
      case "profile" -> profile(r.get("steps").getAsInt());
      case "sgemm" -> sgemm(r.get("n").getAsInt(), r.get("seconds").getAsDouble());
      case "memory" -> Map.of("peak_rss_mb", Worker.peakRssMb());
      default -> throw Worker.unsupported(op);
    };
  }

  private Map<String, Object> setup(JsonObject r) throws Exception {
    long t0 = System.nanoTime();
    String model = r.get("model").getAsString();
    batch = r.get("batch").getAsInt();
    threads = r.get("threads").getAsInt();
    lr = r.get("lr").getAsFloat();
    seed = r.get("seed").getAsLong();
    Path data = Path.of(r.get("data").getAsString());
    train = FashionMnistArrays.load(data, "train");
    test = FashionMnistArrays.load(data, "t10k");
    env = NativeLibrary.environment();
    long t1 = System.nanoTime();
    Workload workload = Workload.parse(model);
    ArtifactBuilder builder = workload.importedFromPyTorch() ? Workloads.importedArtifacts(Worker.onnxFile(r))
        : Workloads.artifacts(model, seed);
    ArtifactPaths written = builder.build().writeTo(Files.createTempDirectory("ortrain-raw-" + model));
    // The graphs ortrain's CPU session runs: its convolutions on the NCHWc kernels where they qualify.
    artifacts = BlockedArtifacts.specialize(written, env, Files.createTempDirectory("ortrain-raw-blocked"))
        .orElse(written);
    long t2 = System.nanoTime();
    openSession(null);
    long t3 = System.nanoTime();
    lossScale = OnnxTensor.createTensor(env, 1f);
    dropoutMasks = DropoutMaskInputs.of(artifacts.trainingModel(), env, batch);
    trainBatches = new Batches(batch, session.getTrainInputNames());
    trainRandom = new SplittableRandom(seed);
    evalBatches = new Batches(batch, session.getEvalInputNames());
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("intra_op_threads", String.valueOf(threads));
    details.put("execution_mode", "SEQUENTIAL (default)");
    details.put("graph_optimization_level", "EXTENDED_OPT (as ortrain's default)");
    details.put("train_inputs", String.join(",", session.getTrainInputNames()));
    details.put("blocked_convolutions", String.valueOf(artifacts != written));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("name", "raw ORT loop");
    answer.put("version", "ONNX Runtime " + env.getVersion());
    answer.put("setup_seconds", (t3 - t0) / 1e9);
    answer.put("artifact_seconds", (t2 - t1) / 1e9);
    answer.put("session_seconds", (t3 - t2) / 1e9);
    answer.put("details", details);
    return answer;
  }

  private void openSession(String profilePrefix) throws OrtException {
    if (session != null) {
      session.close();
      options.close();
    }
    options = new OrtSession.SessionOptions();
    options.setIntraOpNumThreads(threads);
    // The settings ortrain's sessions use (OrtTuning.defaults()), so that the two differ by the loop alone.
    options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.EXTENDED_OPT);
    if (profilePrefix != null) {
      options.enableProfiling(profilePrefix);
    }
    OrtTrainingSession.setSeed(seed);
    session = env.createTrainingSession(artifacts.checkpoint().toString(), artifacts.trainingModel().toString(),
        artifacts.evalModel().toString(), artifacts.optimizerModel().toString(), options);
    session.setLearningRate(lr);
  }

  /**
   * Training windows take shuffled batches, reshuffling at each epoch's end, as any real training loop (and
   * ortrain's) does: gathering scattered samples costs more than copying a contiguous range.
   */
  private Map<String, Object> train(double seconds) throws OrtException {
    long budget = (long) (seconds * 1e9);
    int steps = 0;
    float loss = Float.NaN;
    long start = System.nanoTime();
    long elapsed;
    do {
      if (trainOrder == null || cursor + batch > train.size()) {
        trainOrder = shuffled(train.size(), trainRandom);
        cursor = 0;
      }
      Map<String, OnnxTensor> feeds = trainBatches.gather(train, trainOrder, cursor, lossScale);
      try (OrtSession.Result result = session.trainStep(feeds)) {
        loss = ((OnnxTensor) result.get(0)).getFloatBuffer().get(0);
      }
      session.optimizerStep();
      session.lazyResetGrad();
      cursor += batch;
      steps++;
      elapsed = System.nanoTime() - start;
    } while (elapsed < budget);
    return Map.of("steps", steps, "seconds", elapsed / 1e9, "samples", (long) steps * batch, "loss", loss);
  }

  private Map<String, Object> eval(double seconds) throws OrtException {
    long budget = (long) (seconds * 1e9);
    int steps = 0;
    long start = System.nanoTime();
    long elapsed;
    do {
      if (evalCursor + batch > test.size()) {
        evalCursor = 0;
      }
      try (OrtSession.Result result = session.evalStep(evalBatches.fill(test, evalCursor, lossScale))) {
        result.get(0);
      }
      evalCursor += batch;
      steps++;
      elapsed = System.nanoTime() - start;
    } while (elapsed < budget);
    return Map.of("steps", steps, "seconds", elapsed / 1e9, "samples", (long) steps * batch);
  }

  /** 0..n-1 in a random order (Fisher-Yates). */
  private static int[] shuffled(int n, SplittableRandom random) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  /** One shuffled epoch, batches gathered by hand into the reused buffers (no prefetch). */
  private Map<String, Object> epoch(int samples) throws OrtException {
    int n = Math.min(samples, train.size());
    long start = System.nanoTime();
    int[] order = shuffled(n, new SplittableRandom(seed));
    double inSteps = 0;
    int steps = 0;
    for (int first = 0; first + batch <= n; first += batch) {
      Map<String, OnnxTensor> feeds = trainBatches.gather(train, order, first, lossScale);
      long s0 = System.nanoTime();
      try (OrtSession.Result result = session.trainStep(feeds)) {
        result.get(0);
      }
      session.optimizerStep();
      session.lazyResetGrad();
      inSteps += (System.nanoTime() - s0) / 1e9;
      steps++;
    }
    return Map.of("seconds", (System.nanoTime() - start) / 1e9, "steps", steps, "step_seconds", inSteps);
  }

  /**
   * ONNX Runtime's own profiler over {@code steps} training steps: kernel self time by operator type. The
   * profile is written when the session closes, so this reopens the session with profiling on and off. The
   * training API opens its training, eval and optimizer sessions with the same options within one second, and
   * ONNX Runtime names each profile file by prefix and second: one file survives, the training session's. The
   * optimizer step (one {@code AdamWOptimizer} kernel) is therefore timed around {@code optimizerStep()}.
   */
  private Map<String, Object> profile(int steps) throws Exception {
    Path dir = Files.createTempDirectory("ortrain-profile");
    openSession(dir.resolve("ort").toString());
    long optimizerNanos = 0;
    for (int i = 0; i < 3 + steps; i++) {
      Map<String, OnnxTensor> feeds = trainBatches.fill(train, 0, lossScale);
      try (OrtSession.Result result = session.trainStep(feeds)) {
        result.get(0);
      }
      long start = System.nanoTime();
      session.optimizerStep();
      if (i >= 3) {
        optimizerNanos += System.nanoTime() - start;
      }
      session.lazyResetGrad();
    }
    session.close();
    session = null;
    options.close();
    List<Map<String, Object>> top = OrtProfile.summarize(dir, 3, 15,
        Map.of(OrtProfile.TIMED_OPTIMIZER, optimizerNanos / 1e3 / steps));
    openSession(null);
    return Map.of("top", top);
  }

  /** MLAS's single-precision matrix product at n x n through an inference session: the machine's peak. */
  private Map<String, Object> sgemm(int n, double seconds) throws OrtException {
    GraphBuilder g = new GraphBuilder("sgemm");
    String a = g.input("a", TensorType.floats(Shape.of(n, n)));
    String b = g.input("b", TensorType.floats(Shape.of(n, n)));
    String c = g.node("MatMul").inputs(a, b).output("c");
    g.output(c, TensorType.floats(Shape.of(n, n)));
    byte[] model = OnnxModels.model(g.build(), Map.of()).toByteArray();
    float[] values = new float[n * n];
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextDouble();
    }
    try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
      o.setIntraOpNumThreads(threads);
      try (OrtSession s = env.createSession(model, o);
          OnnxTensor ta = OnnxTensor.createTensor(env, FloatBuffer.wrap(values), new long[] {n, n});
          OnnxTensor tb = OnnxTensor.createTensor(env, FloatBuffer.wrap(values), new long[] {n, n})) {
        Map<String, OnnxTensor> feeds = Map.of("a", ta, "b", tb);
        s.run(feeds).close(); // warm-up
        long budget = (long) (seconds * 1e9);
        long start = System.nanoTime();
        int runs = 0;
        long elapsed;
        do {
          s.run(feeds).close();
          runs++;
          elapsed = System.nanoTime() - start;
        } while (elapsed < budget);
        return Map.of("gflops", 2.0 * n * n * n * runs / (elapsed / 1e9) / 1e9, "runs", runs);
      }
    }
  }

  @Override
  public Map<String, Object> quit() {
    if (session != null) {
      session.close();
      options.close();
    }
    if (trainBatches != null) {
      trainBatches.close();
      evalBatches.close();
      lossScale.close();
      dropoutMasks.close();
    }
    return Map.of();
  }

  /** The reused input buffers of one kind of step, wrapped once by tensors, fed by name in session order. */
  private final class Batches implements AutoCloseable {
    private final FloatBuffer images;
    private final LongBuffer labels;
    private final OnnxTensor imageTensor;
    private final OnnxTensor labelTensor;
    private final List<String> names;

    Batches(int batch, java.util.Set<String> inputNames) throws OrtException {
      images = ByteBuffer.allocateDirect(batch * FashionMnistArrays.PIXELS * 4).order(ByteOrder.nativeOrder())
          .asFloatBuffer();
      labels = ByteBuffer.allocateDirect(batch * 8).order(ByteOrder.nativeOrder()).asLongBuffer();
      imageTensor = OnnxTensor.createTensor(env, images, new long[] {batch, 1, 28, 28});
      labelTensor = OnnxTensor.createTensor(env, labels, new long[] {batch});
      names = new ArrayList<>(inputNames);
    }

    Map<String, OnnxTensor> fill(FashionMnistArrays data, int first, OnnxTensor scale) {
      images.clear();
      images.put(data.images(), first * FashionMnistArrays.PIXELS, batch * FashionMnistArrays.PIXELS);
      labels.clear();
      labels.put(data.labels(), first, batch);
      return feeds(scale);
    }

    Map<String, OnnxTensor> gather(FashionMnistArrays data, int[] order, int first, OnnxTensor scale) {
      images.clear();
      labels.clear();
      for (int i = first; i < first + batch; i++) {
        images.put(data.images(), order[i] * FashionMnistArrays.PIXELS, FashionMnistArrays.PIXELS);
        labels.put(data.labels()[order[i]]);
      }
      return feeds(scale);
    }

    private Map<String, OnnxTensor> feeds(OnnxTensor scale) {
      Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
      for (String name : names) {
        feeds.put(name, switch (name) {
          case "input" -> imageTensor;
          case "target" -> labelTensor;
          case "loss_scale" -> scale;
          default -> dropoutMask(name);
        });
      }
      return feeds;
    }

    private OnnxTensor dropoutMask(String name) {
      if (!dropoutMasks.feeds(name)) {
        throw new IllegalStateException("Unexpected model input " + name);
      }
      return dropoutMasks.mask(name);
    }

    @Override
    public void close() {
      imageTensor.close();
      labelTensor.close();
    }
  }
}
