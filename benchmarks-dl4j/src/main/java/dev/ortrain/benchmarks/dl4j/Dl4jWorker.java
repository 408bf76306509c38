package dev.ortrain.benchmarks.dl4j;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Deeplearning4j peer worker for the benchmark harness: speaks the JSON-lines protocol of
 * {@code benchmarks/PROTOCOL.md} on stdin/stdout.
 *
 * <p>Launched as {@code java -cp benchmarks-dl4j/target/classes:$(cat benchmarks-dl4j/target/classpath.txt)
 * dev.ortrain.benchmarks.dl4j.Dl4jWorker}. Optional ops {@code sgemm} and {@code profile} answer "not supported".
 */
public final class Dl4jWorker {
  static final String NAME = "deeplearning4j";
  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double EPSILON = 1e-8;
  private static final double WEIGHT_DECAY = 0.01;

  private final AnswerChannel answers;
  private final Gson gson = new GsonBuilder().disableHtmlEscaping().create();

  // Set by setup.
  private int batch;
  private long seed;
  private MultiLayerNetwork net;
  private INDArray trainX;
  private INDArray trainY;
  private List<DataSet> trainBatches;
  private List<INDArray> testBatches;
  private int trainCursor;
  private int testCursor;
  private int epochCount;
  /** Per-example views of the first N training samples, the "dataset" the epoch op's loader draws from. */
  private List<DataSet> epochExamples;

  private Dl4jWorker(AnswerChannel answers) {
    this.answers = answers;
  }

  public static void main(String[] args) throws IOException {
    // Before any logger exists: slf4j-simple writes to stderr, and only warnings and errors.
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    AnswerChannel answers = AnswerChannel.open();
    new Dl4jWorker(answers).serve();
  }

  private void serve() throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      if (line.isBlank()) {
        continue;
      }
      JsonObject answer;
      boolean quit = false;
      try {
        JsonElement parsed = JsonParser.parseString(line);
        if (!parsed.isJsonObject()) {
          throw new IllegalArgumentException("request is not a JSON object");
        }
        JsonObject request = parsed.getAsJsonObject();
        String op = request.has("op") && !request.get("op").isJsonNull() ? request.get("op").getAsString() : "";
        quit = op.equals("quit");
        answer = handle(op, request);
      } catch (Throwable t) {
        t.printStackTrace(System.err);
        answer = error(t.getClass().getSimpleName() + ": " + t.getMessage());
      }
      answers.writeLine(gson.toJson(answer));
      if (quit) {
        System.err.flush();
        System.exit(0);
      }
    }
    System.exit(0);
  }

  private JsonObject handle(String op, JsonObject request) throws Exception {
    switch (op) {
      case "setup":
        return setup(request);
      case "train":
        return train(doubleField(request, "seconds", 2.0));
      case "eval":
        return eval(doubleField(request, "seconds", 1.0));
      case "epoch":
        return epoch(request.has("samples") ? request.get("samples").getAsInt() : -1);
      case "checkpoint":
        return checkpoint(request.has("repeats") ? request.get("repeats").getAsInt() : 5);
      case "memory":
        return memory();
      case "quit":
        return ok();
      case "sgemm":
      case "profile":
        return error("not supported");
      default:
        return error("unknown op '" + op + "'");
    }
  }

  // ---------------------------------------------------------------------------------------------- setup

  private JsonObject setup(JsonObject request) throws IOException {
    long start = System.nanoTime();
    String requestedModel = stringField(request, "model");
    if (!requestedModel.equals("mlp") && !requestedModel.equals("cnn")) {
      throw new IllegalArgumentException("unknown model '" + requestedModel + "' (mlp or cnn)");
    }
    int requestedBatch = request.get("batch").getAsInt();
    if (requestedBatch <= 0) {
      throw new IllegalArgumentException("batch must be positive");
    }
    int threads = request.has("threads") ? request.get("threads").getAsInt() : 0;
    double lr = doubleField(request, "lr", 1e-3);
    long requestedSeed = request.has("seed") ? request.get("seed").getAsLong() : 0L;
    Path data = Paths.get(stringField(request, "data"));

    // Backend start-up (first touch of Nd4j) and thread settings.
    long backendStart = System.nanoTime();
    Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    if (threads > 0) {
      Nd4j.getEnvironment().setMaxThreads(threads);
      Nd4j.getEnvironment().setMaxMasterThreads(threads);
      Nd4j.factory().blas().setMaxThreads(threads);
    }
    Nd4j.getRandom().setSeed(requestedSeed);
    double backendSeconds = seconds(backendStart);

    // Data: read, normalise, hold in memory as nd4j arrays; batches are views into them.
    long dataStart = System.nanoTime();
    FashionMnist.Split train = FashionMnist.load(data, "train");
    FashionMnist.Split test = FashionMnist.load(data, "t10k");
    boolean cnn = requestedModel.equals("cnn");
    INDArray allTrainX = features(train, cnn);
    INDArray allTrainY = oneHot(train.labels());
    INDArray allTestX = features(test, cnn);
    int trainSteps = train.count() / requestedBatch;
    int testSteps = test.count() / requestedBatch;
    if (trainSteps == 0 || testSteps == 0) {
      throw new IllegalArgumentException("batch " + requestedBatch + " larger than a split");
    }
    List<DataSet> trainList = new ArrayList<>(trainSteps);
    for (int s = 0; s < trainSteps; s++) {
      long from = (long) s * requestedBatch;
      trainList.add(new DataSet(
          rows(allTrainX, from, from + requestedBatch), rows(allTrainY, from, from + requestedBatch)));
    }
    List<INDArray> testList = new ArrayList<>(testSteps);
    for (int s = 0; s < testSteps; s++) {
      long from = (long) s * requestedBatch;
      testList.add(rows(allTestX, from, from + requestedBatch));
    }
    double dataSeconds = seconds(dataStart);

    // The network ("session"): configuration, parameter initialisation, updater state.
    long sessionStart = System.nanoTime();
    MultiLayerConfiguration conf = configuration(requestedModel, lr, requestedSeed);
    MultiLayerNetwork network = new MultiLayerNetwork(conf);
    network.init();
    double sessionSeconds = seconds(sessionStart);

    batch = requestedBatch;
    seed = requestedSeed;
    net = network;
    trainX = allTrainX;
    trainY = allTrainY;
    trainBatches = trainList;
    testBatches = testList;
    trainCursor = 0;
    testCursor = 0;
    epochCount = 0;
    epochExamples = null;

    JsonObject answer = ok();
    answer.addProperty("name", NAME);
    answer.addProperty("version", dl4jVersion());
    answer.addProperty("setup_seconds", seconds(start));
    answer.addProperty("session_seconds", sessionSeconds);
    answer.add("details", details(threads, lr, backendSeconds, dataSeconds, network));
    return answer;
  }

  static MultiLayerConfiguration configuration(String model, double lr, long seed) {
    NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
        .seed(seed)
        .dataType(DataType.FLOAT)
        .updater(new Adam(lr, BETA1, BETA2, EPSILON))
        .list();
    if (model.equals("mlp")) {
      return list
          .layer(decay(new DenseLayer.Builder().nOut(256).activation(Activation.RELU)).build())
          .layer(decay(new DenseLayer.Builder().nOut(128).activation(Activation.RELU)).build())
          .layer(decay(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
              .nOut(FashionMnist.CLASSES).activation(Activation.SOFTMAX)).build())
          .setInputType(InputType.feedForward(FashionMnist.PIXELS))
          .build();
    }
    return list
        .layer(decay(new ConvolutionLayer.Builder(3, 3).stride(1, 1).padding(1, 1).nOut(32)
            .activation(Activation.RELU)).build())
        .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
        .layer(decay(new ConvolutionLayer.Builder(3, 3).stride(1, 1).padding(1, 1).nOut(64)
            .activation(Activation.RELU)).build())
        .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
        .layer(decay(new DenseLayer.Builder().nOut(128).activation(Activation.RELU)).build())
        .layer(decay(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
            .nOut(FashionMnist.CLASSES).activation(Activation.SOFTMAX)).build())
        .setInputType(InputType.convolutional(FashionMnist.ROWS, FashionMnist.COLS, 1))
        .build();
  }

  /**
   * AdamW's decoupled weight decay, as near as DL4J gets: {@link WeightDecay} with applyLR=true subtracts
   * {@code lr * 0.01 * w} after the Adam update, on weights and biases (as torch.optim.AdamW does). Set per layer:
   * in 1.0.0-M2.1 the global {@code NeuralNetConfiguration.Builder.weightDecay(..)} ends up in every layer's
   * regularization list twice, which would apply the decay twice.
   */
  private static <T extends BaseLayer.Builder<T>> T decay(T builder) {
    builder.regularization(List.of(new WeightDecay(WEIGHT_DECAY, true)));
    builder.regularizationBias(List.of(new WeightDecay(WEIGHT_DECAY, true)));
    return builder;
  }

  /**
   * The split's images as one float32 nd4j array, [N, 784] or [N, 1, 28, 28], written straight into its native
   * buffer (no float copy on the Java heap).
   */
  private static INDArray features(FashionMnist.Split split, boolean cnn) {
    long[] shape = cnn
        ? new long[] {split.count(), 1, FashionMnist.ROWS, FashionMnist.COLS}
        : new long[] {split.count(), FashionMnist.PIXELS};
    INDArray array = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
    FloatBuffer target = array.data().asNioFloat();
    int total = split.count() * FashionMnist.PIXELS;
    if (target.remaining() < total) {
      throw new IllegalStateException("native buffer of " + target.remaining() + " floats for " + total);
    }
    float[] chunk = new float[1 << 16];
    for (int from = 0; from < total; from += chunk.length) {
      int len = Math.min(chunk.length, total - from);
      for (int i = 0; i < len; i++) {
        chunk[i] = split.pixel(from + i);
      }
      target.put(chunk, 0, len);
    }
    return array;
  }

  private static INDArray oneHot(int[] labels) {
    float[] y = new float[labels.length * FashionMnist.CLASSES];
    for (int i = 0; i < labels.length; i++) {
      y[i * FashionMnist.CLASSES + labels[i]] = 1f;
    }
    return Nd4j.create(y, new long[] {labels.length, FashionMnist.CLASSES}, 'c');
  }

  /** Rows [from, to) of a c-order array along dimension 0, as a view. */
  private static INDArray rows(INDArray array, long from, long to) {
    INDArrayIndex[] index = new INDArrayIndex[array.rank()];
    index[0] = NDArrayIndex.interval(from, to);
    for (int d = 1; d < index.length; d++) {
      index[d] = NDArrayIndex.all();
    }
    return array.get(index);
  }

  private JsonObject details(int threads, double lr, double backendSeconds, double dataSeconds,
      MultiLayerNetwork network) {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("backend", Nd4j.getBackend().getClass().getName());
    d.put("blas_vendor", String.valueOf(Nd4j.factory().blas().getBlasVendor()));
    d.put("blas_max_threads", String.valueOf(Nd4j.factory().blas().getMaxThreads()));
    d.put("nd4j_max_threads", String.valueOf(Nd4j.getEnvironment().maxThreads()));
    d.put("nd4j_max_master_threads", String.valueOf(Nd4j.getEnvironment().maxMasterThreads()));
    d.put("requested_threads", String.valueOf(threads));
    d.put("OMP_NUM_THREADS", String.valueOf(System.getenv("OMP_NUM_THREADS")));
    d.put("MKL_NUM_THREADS", String.valueOf(System.getenv("MKL_NUM_THREADS")));
    // The class literal only names the preset; it loads no native code.
    d.put("openblas_preset", String.valueOf(
        org.bytedeco.openblas.global.openblas_nolapack.class.getPackage().getImplementationVersion()));
    try {
      NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
      d.put("nd4j_omp_max_threads", String.valueOf(ops.ompGetMaxThreads()));
      d.put("nd4j_binary_level", simdLevel(ops.binaryLevel()));
      d.put("nd4j_optimal_level", simdLevel(ops.optimalLevel()));
      d.put("nd4j_build_info", ops.buildInfo().trim().replaceAll("\\s*\\n\\s*", "; "));
    } catch (Throwable t) {
      d.put("nd4j_native", "unavailable: " + t);
    }
    d.put("helpers_allowed", String.valueOf(Nd4j.getEnvironment().helpersAllowed()));
    try {
      Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
      Map<String, String> sorted = new TreeMap<>();
      for (String key : env.stringPropertyNames()) {
        sorted.put(key, env.getProperty(key));
      }
      for (Map.Entry<Object, Object> e : env.entrySet()) {
        sorted.putIfAbsent(String.valueOf(e.getKey()), String.valueOf(e.getValue()));
      }
      sorted.forEach((k, v) -> d.put("nd4j." + k, v));
    } catch (RuntimeException e) {
      d.put("nd4j.environment", "unavailable: " + e);
    }
    d.put("data_type", String.valueOf(network.getLayerWiseConfigurations().getDataType()));
    d.put("training_workspace_mode", String.valueOf(network.getLayerWiseConfigurations().getTrainingWorkspaceMode()));
    d.put("inference_workspace_mode",
        String.valueOf(network.getLayerWiseConfigurations().getInferenceWorkspaceMode()));
    d.put("optimizer", "Adam(lr=" + lr + ", beta1=" + BETA1 + ", beta2=" + BETA2 + ", eps=" + EPSILON
        + ") + weightDecay(" + WEIGHT_DECAY + ", applyLR=true) on weights and biases (decoupled, after the update)");
    d.put("loss", "OutputLayer softmax + LossMCXENT (mean over the batch)");
    d.put("parameters", String.valueOf(network.numParams()));
    d.put("backend_seconds", String.valueOf(backendSeconds));
    d.put("data_seconds", String.valueOf(dataSeconds));
    d.put("train_batches", trainBatches == null ? "0" : String.valueOf(trainBatches.size()));
    d.put("epoch_loader", "ListDataSetIterator over per-example views, Collections.shuffle per epoch");
    d.put("answers", answers.describe());
    d.put("java", System.getProperty("java.version"));
    JsonObject o = new JsonObject();
    d.forEach(o::addProperty);
    return o;
  }

  // ---------------------------------------------------------------------------------------------- ops

  private JsonObject train(double seconds) {
    requireSetup();
    long limit = (long) (seconds * 1e9);
    int steps = 0;
    long start = System.nanoTime();
    long elapsed;
    do {
      net.fit(trainBatches.get(trainCursor));
      trainCursor = (trainCursor + 1) % trainBatches.size();
      steps++;
      elapsed = System.nanoTime() - start;
    } while (elapsed < limit);
    double loss = dataLoss();
    JsonObject answer = ok();
    answer.addProperty("steps", steps);
    answer.addProperty("seconds", elapsed / 1e9);
    answer.addProperty("samples", (long) steps * batch);
    answer.add("loss", number(loss));
    return answer;
  }

  private JsonObject eval(double seconds) {
    requireSetup();
    long limit = (long) (seconds * 1e9);
    int steps = 0;
    long start = System.nanoTime();
    long elapsed;
    do {
      INDArray out = net.output(testBatches.get(testCursor), false);
      if (out.size(0) != batch) {
        throw new IllegalStateException("output of " + out.size(0) + " rows");
      }
      testCursor = (testCursor + 1) % testBatches.size();
      steps++;
      elapsed = System.nanoTime() - start;
    } while (elapsed < limit);
    JsonObject answer = ok();
    answer.addProperty("steps", steps);
    answer.addProperty("seconds", elapsed / 1e9);
    answer.addProperty("samples", (long) steps * batch);
    return answer;
  }

  /**
   * One epoch the way a DL4J user writes it for in-memory data (the idiom of the DL4J examples): a list of
   * per-example DataSets, shuffled, batched by a {@link ListDataSetIterator}, {@code fit} per batch (the last,
   * partial batch included). The per-example list (views into the held training data, like a PyTorch
   * TensorDataset) is built once per N outside the timing; shuffling and batching are timed.
   */
  private JsonObject epoch(int samples) {
    requireSetup();
    long available = trainX.size(0);
    int n = samples < 0 ? (int) available : samples;
    if (n <= 0 || n > available) {
      throw new IllegalArgumentException("samples must be in 1.." + available);
    }
    if (epochExamples == null || epochExamples.size() != n) {
      List<DataSet> examples = new ArrayList<>(n);
      for (long i = 0; i < n; i++) {
        examples.add(new DataSet(rows(trainX, i, i + 1), rows(trainY, i, i + 1)));
      }
      epochExamples = examples;
    }
    Random rng = new Random(seed * 1_000_003L + epochCount++);
    long stepNanos = 0;
    int steps = 0;
    long start = System.nanoTime();
    List<DataSet> order = new ArrayList<>(epochExamples);
    Collections.shuffle(order, rng);
    DataSetIterator iterator = new ListDataSetIterator<>(order, batch);
    while (iterator.hasNext()) {
      DataSet minibatch = iterator.next();
      long stepStart = System.nanoTime();
      net.fit(minibatch);
      stepNanos += System.nanoTime() - stepStart;
      steps++;
    }
    double wall = seconds(start);
    JsonObject answer = ok();
    answer.addProperty("seconds", wall);
    answer.addProperty("steps", steps);
    answer.addProperty("step_seconds", stepNanos / 1e9);
    answer.add("loss", number(dataLoss()));
    return answer;
  }

  private JsonObject checkpoint(int repeats) throws IOException {
    requireSetup();
    if (repeats <= 0) {
      throw new IllegalArgumentException("repeats must be positive");
    }
    Path file = Files.createTempFile("ortrain-dl4j-checkpoint-", ".zip");
    try {
      JsonArray save = new JsonArray();
      JsonArray load = new JsonArray();
      long bytes = 0;
      for (int r = 0; r < repeats; r++) {
        File target = file.toFile();
        long t0 = System.nanoTime();
        ModelSerializer.writeModel(net, target, true);
        long t1 = System.nanoTime();
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(target, true);
        long t2 = System.nanoTime();
        if (restored.numParams() != net.numParams() || restored.getUpdater().getStateViewArray() == null) {
          throw new IllegalStateException("restored network lacks parameters or updater state");
        }
        bytes = Files.size(file);
        save.add((t1 - t0) / 1e6);
        load.add((t2 - t1) / 1e6);
      }
      JsonObject answer = ok();
      answer.add("save_ms", save);
      answer.add("load_ms", load);
      answer.addProperty("bytes", bytes);
      return answer;
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static JsonObject memory() throws IOException {
    for (String line : Files.readAllLines(Paths.get("/proc/self/status"), StandardCharsets.UTF_8)) {
      if (line.startsWith("VmHWM:")) {
        String[] parts = line.substring("VmHWM:".length()).trim().split("\\s+");
        long kb = Long.parseLong(parts[0]);
        JsonObject answer = ok();
        answer.addProperty("peak_rss_mb", kb / 1024.0);
        return answer;
      }
    }
    throw new IOException("no VmHWM in /proc/self/status");
  }

  // ---------------------------------------------------------------------------------------------- helpers

  /**
   * The last step's cross-entropy. DL4J's {@code score()} adds the regularization penalty (for WeightDecay
   * 0.5 * coeff * sum w^2, computed before the update) to the data loss; it is subtracted here, evaluated on the
   * parameters after the update, outside any timing. The difference from the exact value is one step's change in
   * the penalty.
   */
  private double dataLoss() {
    return net.score() - net.calcRegularizationScore(true);
  }

  private void requireSetup() {
    if (net == null) {
      throw new IllegalStateException("no setup yet");
    }
  }

  /** libnd4j's SIMD level code, named as its CpuNDArrayFactory logs it. */
  private static String simdLevel(int level) {
    switch (level) {
      case 3:
        return "AVX512";
      case 2:
        return "AVX/AVX2";
      default:
        return "Generic x86 (" + level + ")";
    }
  }

  private static String dl4jVersion() {
    String version = MultiLayerNetwork.class.getPackage().getImplementationVersion();
    if (version != null) {
      return version;
    }
    try (InputStream in = MultiLayerNetwork.class.getResourceAsStream(
        "/META-INF/maven/org.deeplearning4j/deeplearning4j-nn/pom.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        String v = p.getProperty("version");
        if (v != null) {
          return v;
        }
      }
    } catch (IOException ignored) {
      // fall through
    }
    return "unknown";
  }

  private static String stringField(JsonObject request, String name) {
    JsonElement e = request.get(name);
    if (e == null || e.isJsonNull()) {
      throw new IllegalArgumentException("missing '" + name + "'");
    }
    return e.getAsString();
  }

  private static double doubleField(JsonObject request, String name, double fallback) {
    JsonElement e = request.get(name);
    return e == null || e.isJsonNull() ? fallback : e.getAsDouble();
  }

  private static JsonElement number(double value) {
    return Double.isFinite(value) ? new JsonPrimitive(value) : JsonNull.INSTANCE;
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static JsonObject ok() {
    JsonObject o = new JsonObject();
    o.addProperty("ok", true);
    return o;
  }

  private static JsonObject error(String message) {
    JsonObject o = new JsonObject();
    o.addProperty("ok", false);
    o.addProperty("error", message == null ? "error" : message);
    return o;
  }
}
