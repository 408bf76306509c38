package dev.ortrain.benchmarks.diagnostics;

import ai.onnxruntime.OnnxTensor;
import dev.ortrain.artifacts.ArtifactBuilder;
import dev.ortrain.artifacts.ArtifactPaths;
import dev.ortrain.artifacts.ForwardModel;
import dev.ortrain.artifacts.Optimizer;
import dev.ortrain.artifacts.TrainingArtifacts;
import dev.ortrain.gradients.GradientFormulation;
import dev.ortrain.gradients.GradientFormulation.Recurrence;
import dev.ortrain.gradients.GradientRegistry;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.OnnxModels;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.graph.Tensors;
import dev.ortrain.loss.CrossEntropyLoss;
import dev.ortrain.onnx.proto.Onnx.TensorShapeProto;
import dev.ortrain.session.SessionConfig;
import dev.ortrain.session.TrainingSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Training-step time of a 2-layer LSTM or GRU classifier (PyTorch's {@code nn.LSTM(28, 128, num_layers=2,
 * batch_first=True)} then a linear head on the last step, as ONNX exports it; softmax cross-entropy, AdamW)
 * with the recurrence in each {@link Recurrence} formulation. Both sessions are open in one JVM and timed
 * interleaved: every round runs each formulation once, in a fresh random order, after a pause (ONNX Runtime's
 * threads spin a while after a run). Prints per cell, threads and batch the median time per step (forward,
 * backward, optimizer step) with its range, the median per-round ratio unrolled / kernel, and the loss of
 * each formulation's first step from the same parameters (they must agree). Run (after
 * {@code mvn -B -q install -DskipTests}): {@code mvn -B -q -pl benchmarks exec:java
 * -Dexec.mainClass=dev.ortrain.benchmarks.diagnostics.RecurrentFormulations -Dexec.args="--cells lstm,gru --batch 128,32
 * --threads 1,2 --rounds 15"}.
 */
public final class RecurrentFormulations {
  /** Time steps; {@code --seq} changes it. */
  private static int seq = 28;
  private static final int FEATURES = 28;
  private static final int HIDDEN = 128;
  private static final int CLASSES = 10;
  private static final int PAUSE_MS = 50;

  /** The recurrent layer and its gate count. */
  enum Cell {
    LSTM(4), GRU(3);

    final int gates;

    Cell(int gates) {
      this.gates = gates;
    }
  }

  private RecurrentFormulations() {}

  public static void main(String[] args) throws Exception {
    List<Cell> cells = List.of(Cell.LSTM, Cell.GRU);
    int[] batches = {128, 32};
    int[] threads = {1, 2};
    int rounds = 15;
    int samplesPerRound = 384;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--cells" -> cells = Arrays.stream(args[++i].split(","))
            .map(s -> Cell.valueOf(s.toUpperCase(Locale.ROOT))).toList();
        case "--batch" -> batches = ints(args[++i]);
        case "--threads" -> threads = ints(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--samples" -> samplesPerRound = Integer.parseInt(args[++i]);
        case "--seq" -> seq = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("Unknown argument " + args[i]
            + "; use --cells lstm,gru --batch 128,32 --threads 1,2 --rounds N --samples N --seq N");
      }
    }
    System.out.printf("seq=%d features=%d hidden=%d layers=2 rounds=%d samples/round=%d cpus=%d%n", seq,
        FEATURES, HIDDEN, rounds, samplesPerRound, Runtime.getRuntime().availableProcessors());
    for (Cell cell : cells) {
      List<ArtifactPaths> artifacts = new ArrayList<>();
      for (Recurrence form : Recurrence.values()) {
        artifacts.add(artifacts(cell, form));
      }
      for (int t : threads) {
        for (int batch : batches) {
          compare(cell, artifacts, t, batch, rounds, Math.max(1, samplesPerRound / batch));
        }
      }
    }
  }

  private static int[] ints(String csv) {
    return Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
  }

  /** Builds and writes the artifacts, printing how long that took and the training graph's size. */
  static ArtifactPaths artifacts(Cell cell, Recurrence form) throws Exception {
    long start = System.nanoTime();
    GradientRegistry rules = GradientRegistry.standard(GradientFormulation.defaults().withRecurrence(form));
    TrainingArtifacts built = ArtifactBuilder.forModel(classifier(cell, 1L)).loss(CrossEntropyLoss.create())
        .optimizer(Optimizer.AdamW.defaults()).gradientRegistry(rules).build();
    ArtifactPaths paths = built.writeTo(Files.createTempDirectory("ortrain-recurrent-" + cell + "-" + form));
    System.out.printf("%s %s: artifacts built and written in %.2f s, %d training graph nodes%n", cell, form,
        (System.nanoTime() - start) / 1e9, built.trainingModel().getGraph().getNodeCount());
    return paths;
  }

  private static void compare(Cell cell, List<ArtifactPaths> artifacts, int threads, int batch, int rounds,
      int steps) throws Exception {
    Recurrence[] forms = Recurrence.values();
    FloatBuffer x = ByteBuffer.allocateDirect(batch * seq * FEATURES * 4).order(ByteOrder.nativeOrder())
        .asFloatBuffer();
    LongBuffer y = ByteBuffer.allocateDirect(batch * 8).order(ByteOrder.nativeOrder()).asLongBuffer();
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < x.capacity(); i++) {
      x.put(i, (float) r.nextDouble());
    }
    for (int i = 0; i < batch; i++) {
      y.put(i, r.nextInt(CLASSES));
    }
    List<AutoCloseable> owned = new ArrayList<>();
    List<TrainingSession> sessions = new ArrayList<>();
    List<Map<String, OnnxTensor>> feeds = new ArrayList<>();
    try {
      double[] openSeconds = new double[forms.length];
      for (ArtifactPaths paths : artifacts) {
        long start = System.nanoTime();
        TrainingSession s = TrainingSession.open(paths, SessionConfig.defaults().withThreads(threads), 1e-3f);
        openSeconds[sessions.size()] = (System.nanoTime() - start) / 1e9;
        owned.add(s);
        OnnxTensor xt = s.floatTensor(x, batch, seq, FEATURES);
        OnnxTensor yt = s.longTensor(y, batch);
        owned.add(xt);
        owned.add(yt);
        sessions.add(s);
        feeds.add(Map.of("input", xt, "target", yt));
      }
      float[] firstLoss = new float[forms.length];
      for (int i = 0; i < forms.length; i++) {
        firstLoss[i] = sessions.get(i).trainStep(feeds.get(i)).loss(); // same parameters: the same loss
        sessions.get(i).resetGradients();
        GradientFormulations.time(sessions.get(i), feeds.get(i), Math.max(2, steps)); // warm-up
      }
      double[][] millis = new double[forms.length][rounds];
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < forms.length; i++) {
        order.add(i);
      }
      Random shuffler = new Random(11);
      for (int round = 0; round < rounds; round++) {
        Collections.shuffle(order, shuffler);
        for (int i : order) {
          Thread.sleep(PAUSE_MS);
          millis[i][round] = GradientFormulations.time(sessions.get(i), feeds.get(i), steps) * 1e3 / steps;
        }
      }
      report(cell, threads, batch, steps, forms, millis);
      System.out.printf("  first-step loss: %s; session opened in %s s%n", Arrays.toString(firstLoss),
          Arrays.toString(openSeconds));
    } finally {
      for (int i = owned.size() - 1; i >= 0; i--) {
        owned.get(i).close();
      }
    }
  }

  private static void report(Cell cell, int threads, int batch, int steps, Recurrence[] forms, double[][] millis) {
    int rounds = millis[0].length;
    System.out.printf("%n%s threads=%d batch=%d steps/round=%d: ms per training step%n", cell, threads, batch,
        steps);
    for (int i = 0; i < forms.length; i++) {
      double[] ratios = new double[rounds];
      for (int round = 0; round < rounds; round++) {
        ratios[round] = millis[i][round] / millis[0][round];
      }
      System.out.printf("  %-9s median %8.2f [%8.2f, %8.2f]   time over %s: median %.3f [%.3f, %.3f]%n", forms[i],
          GradientFormulations.median(millis[i]), GradientFormulations.min(millis[i]),
          GradientFormulations.max(millis[i]), forms[0], GradientFormulations.median(ratios),
          GradientFormulations.min(ratios), GradientFormulations.max(ratios));
    }
  }

  /**
   * input [batch, seq, FEATURES] → Transpose → layer 0 → Squeeze → layer 1 → Y [seq, 1, batch, HIDDEN] →
   * Squeeze → last step (Gather) → Gemm head → logits [batch, CLASSES]; weights uniform in ±1/√HIDDEN as
   * PyTorch initializes them, initial states absent (zero).
   */
  static ForwardModel classifier(Cell cell, long seed) {
    GraphBuilder g = new GraphBuilder(cell.name().toLowerCase(Locale.ROOT) + "_classifier");
    SplittableRandom random = new SplittableRandom(seed);
    List<String> trainable = new ArrayList<>();
    g.input("input", TensorType.floats(Shape.batched(seq, FEATURES)));
    String x = typed(g, g.node("Transpose").inputs("input").ints("perm", 1, 0, 2).output("time_major"),
        sequence(FEATURES));
    String axis1 = g.int64s("axis_1", 1);
    for (int layer = 0; layer < 2; layer++) {
      long inputSize = layer == 0 ? FEATURES : HIDDEN;
      String w = parameter(g, trainable, random, "rnn.w_l" + layer, 1, cell.gates * HIDDEN, inputSize);
      String r = parameter(g, trainable, random, "rnn.r_l" + layer, 1, cell.gates * HIDDEN, HIDDEN);
      String b = parameter(g, trainable, random, "rnn.b_l" + layer, 1, 2L * cell.gates * HIDDEN);
      GraphBuilder.NodeBuilder n = g.node(cell.name()).name("rnn_l" + layer).inputs(x, w, r, b)
          .attr("hidden_size", (long) HIDDEN);
      if (cell == Cell.GRU) {
        n.attr("linear_before_reset", 1L); // PyTorch's GRU
      }
      String out = n.outputs("rnn_y_l" + layer).get(0);
      typed(g, out, TensorType.floats(Shape.fromProto(TensorShapeProto.newBuilder().addDim(known(seq))
          .addDim(known(1)).addDim(batchDim()).addDim(known(HIDDEN)).build())));
      x = typed(g, g.node("Squeeze").inputs(out, axis1).output("rnn_out_l" + layer), sequence(HIDDEN));
    }
    String last = typed(g, g.node("Gather").inputs(x, g.int64s("last_step", seq - 1)).attr("axis", 0L)
        .output("last_step_out"), TensorType.floats(Shape.fromProto(TensorShapeProto.newBuilder()
        .addDim(known(1)).addDim(batchDim()).addDim(known(HIDDEN)).build())));
    String rows = typed(g, g.node("Squeeze").inputs(last, g.int64s("axis_0", 0)).output("last_hidden"),
        TensorType.floats(Shape.batched(HIDDEN)));
    String headW = parameter(g, trainable, random, "head.weight", CLASSES, HIDDEN);
    String headB = parameter(g, trainable, random, "head.bias", CLASSES);
    g.node("Gemm").inputs(rows, headW, headB).attr("transB", 1L).outputs("prediction");
    g.output("prediction", TensorType.floats(Shape.batched(CLASSES)));
    return new ForwardModel(OnnxModels.model(g.build(), Map.of()), "prediction", trainable, List.of());
  }

  private static String parameter(GraphBuilder g, List<String> trainable, SplittableRandom random, String name,
      long... dims) {
    float bound = (float) (1 / Math.sqrt(HIDDEN));
    float[] v = new float[Math.toIntExact(Arrays.stream(dims).reduce(1, (a, b) -> a * b))];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) ((2 * random.nextDouble() - 1) * bound);
    }
    g.initializer(Tensors.floats(name, dims, v));
    trainable.add(name);
    return name;
  }

  private static String typed(GraphBuilder g, String value, TensorType type) {
    g.valueType(value, type);
    return value;
  }

  /** [seq, batch, size]. */
  private static TensorType sequence(long size) {
    return TensorType.floats(Shape.fromProto(TensorShapeProto.newBuilder().addDim(known(seq)).addDim(batchDim())
        .addDim(known(size)).build()));
  }

  private static TensorShapeProto.Dimension known(long size) {
    return TensorShapeProto.Dimension.newBuilder().setDimValue(size).build();
  }

  private static TensorShapeProto.Dimension batchDim() {
    return TensorShapeProto.Dimension.newBuilder().setDimParam(Shape.BATCH).build();
  }
}
