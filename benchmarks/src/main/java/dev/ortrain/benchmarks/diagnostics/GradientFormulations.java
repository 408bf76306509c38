package dev.ortrain.benchmarks.diagnostics;

import dev.ortrain.benchmarks.Workload;
import dev.ortrain.benchmarks.Workloads;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import dev.ortrain.artifacts.ArtifactPaths;
import dev.ortrain.gradients.GradientFormulation;
import dev.ortrain.gradients.GradientRegistry;
import dev.ortrain.session.OrtTuning;
import dev.ortrain.session.SessionConfig;
import dev.ortrain.session.TrainingSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A/B(/C...) comparison of training-step throughput of the benchmark CNN under different gradient
 * formulations or session settings, all sessions open in one JVM and timed interleaved: every round runs
 * each variant once, in a fresh random order and after a short pause (ONNX Runtime's threads spin for a
 * while after a run and would slow down whichever session runs next), so that load from other processes
 * hits all variants alike. Reports, per variant, the median and range of samples/s and of its per-round ratio to
 * the first variant. Run (after {@code mvn -B -q -pl annotations,runtime,benchmarks install -DskipTests}):
 * {@code java -cp ... dev.ortrain.benchmarks.diagnostics.GradientFormulations --compare formulations --batch 64,256}.
 */
public final class GradientFormulations {
  private GradientFormulations() {}

  /** formulation null: the PyTorch peer (benchmarks/python/torch_step_peer.py) instead of an ortrain session. */
  record Variant(String name, GradientFormulation formulation, SessionConfig config) {}

  /** Runs steps and answers {wall seconds, CPU seconds}. */
  interface Runner extends AutoCloseable {
    double[] run(int steps) throws Exception;
  }

  /** A PyTorch process driven over stdin/stdout, timed by itself (its own wall and CPU time). */
  static final class TorchPeer implements Runner {
    private final Process process;
    private final java.io.BufferedReader out;
    private final java.io.Writer in;

    TorchPeer(String python, Path script, int batch, int threads) throws Exception {
      ProcessBuilder pb = new ProcessBuilder(python, script.toString(), Integer.toString(batch),
          Integer.toString(threads)).redirectError(ProcessBuilder.Redirect.INHERIT);
      pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
      pb.environment().put("MKL_NUM_THREADS", Integer.toString(threads));
      process = pb.start();
      out = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream()));
      in = new java.io.OutputStreamWriter(process.getOutputStream());
      String ready = out.readLine();
      if (ready == null || !ready.startsWith("ready")) {
        throw new IllegalStateException("PyTorch peer did not start: " + ready);
      }
      System.out.println("peer: " + ready);
    }

    @Override
    public double[] run(int steps) throws Exception {
      in.write(steps + "\n");
      in.flush();
      String[] parts = out.readLine().trim().split(" ");
      return new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1])};
    }

    @Override
    public void close() throws Exception {
      in.close();
      process.waitFor();
    }
  }

  static List<Variant> variants(String compare, int threads) {
    SessionConfig base = SessionConfig.defaults().withThreads(threads);
    GradientFormulation kernels = GradientFormulation.trainingKernels();
    List<Variant> v = new ArrayList<>();
    switch (compare) {
      case "formulations" -> {
        GradientFormulation mask = kernels.withMaxPool(GradientFormulation.MaxPool.VALUE_MASK);
        v.add(new Variant("ConvGrad+MaxPoolGrad", kernels, base));
        v.add(new Variant("ConvGrad+ValueMask", mask, base));
        v.add(new Variant("Ops+MaxPoolGrad", kernels.withConv(GradientFormulation.Conv.STANDARD_OPS), base));
        v.add(new Variant("OpsDW+ValueMask", mask.withConv(GradientFormulation.Conv.STANDARD_OPS_DW), base));
        v.add(new Variant("Ops+ValueMask", mask.withConv(GradientFormulation.Conv.STANDARD_OPS), base));
      }
      case "relu" -> {
        v.add(new Variant("kernels", kernels, base));
        v.add(new Variant("ops, Relu then pool", GradientFormulation.standardOps().withPoolBeforeRelu(false), base));
        v.add(new Variant("ops, pool then Relu", GradientFormulation.standardOps(), base));
      }
      case "final" -> {
        v.add(new Variant("PyTorch", null, base));
        v.add(new Variant("before: kernels, ALL", kernels, base.withTuning(OrtTuning.onnxRuntimeDefaults())));
        v.add(new Variant("now: defaults", GradientFormulation.defaults(), base));
      }
      case "torch" -> {
        v.add(new Variant("PyTorch", null, base));
        v.add(new Variant("ConvGrad+MaxPoolGrad", kernels, base));
        v.add(new Variant("defaults", GradientFormulation.defaults(), base));
      }
      case "options" -> {
        GradientFormulation d = GradientFormulation.defaults();
        OrtTuning t = OrtTuning.onnxRuntimeDefaults();
        v.add(new Variant("ALL", d, base.withTuning(OrtTuning.onnxRuntimeDefaults())));
        v.add(new Variant("EXTENDED", d, base.withTuning(t.withOptimizationLevel(OptLevel.EXTENDED_OPT))));
        v.add(new Variant("BASIC", d, base.withTuning(t.withOptimizationLevel(OptLevel.BASIC_OPT))));
        v.add(new Variant("EXTENDED, no spinning", d, base.withTuning(t.withOptimizationLevel(OptLevel.EXTENDED_OPT)
            .withAllowSpinning(false))));
        v.add(new Variant("EXTENDED, parallel, inter-op 2", d, base.withInterOpThreads(2)
            .withTuning(t.withOptimizationLevel(OptLevel.EXTENDED_OPT).withParallelExecution(true))));
      }
      case "options2" -> {
        GradientFormulation d = GradientFormulation.defaults();
        OrtTuning t = OrtTuning.onnxRuntimeDefaults();
        v.add(new Variant("ALL", d, base.withTuning(OrtTuning.onnxRuntimeDefaults())));
        v.add(new Variant("EXTENDED", d, base.withTuning(t.withOptimizationLevel(OptLevel.EXTENDED_OPT))));
        v.add(new Variant("EXTENDED no spin", d, base.withTuning(t.withOptimizationLevel(OptLevel.EXTENDED_OPT)
            .withAllowSpinning(false))));
        v.add(new Variant("BASIC no spin", d, base.withTuning(t.withOptimizationLevel(OptLevel.BASIC_OPT)
            .withAllowSpinning(false))));
      }
      case "levels" -> {
        GradientFormulation d = GradientFormulation.defaults();
        OrtTuning t = OrtTuning.onnxRuntimeDefaults();
        v.add(new Variant("ALL", d, base.withTuning(OrtTuning.onnxRuntimeDefaults())));
        v.add(new Variant("EXTENDED", d, base.withTuning(t.withOptimizationLevel(OptLevel.EXTENDED_OPT))));
        v.add(new Variant("BASIC", d, base.withTuning(t.withOptimizationLevel(OptLevel.BASIC_OPT))));
      }
      case "options-kernels" -> {
        OrtTuning t = OrtTuning.onnxRuntimeDefaults();
        v.add(new Variant("kernels ALL", kernels, base.withTuning(t)));
        v.add(new Variant("kernels EXTENDED", kernels, base.withTuning(t.withOptimizationLevel(OptLevel.EXTENDED_OPT))));
        v.add(new Variant("defaults ALL", GradientFormulation.defaults(), base.withTuning(t)));
        v.add(new Variant("defaults EXTENDED", GradientFormulation.defaults(),
            base.withTuning(t.withOptimizationLevel(OptLevel.EXTENDED_OPT))));
      }
      case "blocked" -> {
        GradientFormulation d = GradientFormulation.defaults();
        v.add(new Variant("standard Conv kernels", d,
            base.withTuning(OrtTuning.defaults().withBlockedLayout(false))));
        v.add(new Variant("NCHWc Conv kernels", d, base));
        v.add(new Variant("PyTorch", null, base));
      }
      case "defaults" -> {
        v.add(new Variant("trainingKernels", kernels, base));
        v.add(new Variant("defaults", GradientFormulation.defaults(), base));
      }
      case "conv-forms" -> {
        GradientFormulation d = GradientFormulation.defaults();
        v.add(new Variant("defaults (dW by ops where faster)", d, base));
        v.add(new Variant("dW by ops everywhere", d.withConv(GradientFormulation.Conv.STANDARD_OPS), base));
        v.add(new Variant("dW from ConvGrad", d.withConv(GradientFormulation.Conv.STANDARD_OPS_DX), base));
        v.add(new Variant("dX from ConvGrad", d.withConv(GradientFormulation.Conv.STANDARD_OPS_DW), base));
        v.add(new Variant("ConvGrad", d.withConv(GradientFormulation.Conv.TRAINING_KERNEL), base));
        v.add(new Variant("defaults, standard Conv kernels", d,
            base.withTuning(OrtTuning.defaults().withBlockedLayout(false))));
      }
      default -> throw new IllegalArgumentException("--compare must be formulations, relu, final, torch, options, levels, options-kernels, blocked, defaults or conv-forms, got " + compare);
    }
    return v;
  }

  public static void main(String[] args) throws Exception {
    String compare = "formulations";
    int[] batches = {64, 256};
    int threads = 2;
    int rounds = 30;
    int samplesPerRound = 512;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--compare" -> compare = args[++i];
        case "--batch" -> batches = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--samples" -> samplesPerRound = Integer.parseInt(args[++i]);
        case "--pause-ms" -> pauseMillis = Integer.parseInt(args[++i]);
        case "--model" -> modelName = args[++i];
        case "--onnx" -> onnxModel = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("Unknown argument " + args[i]
            + "; use --compare formulations|relu|final|torch|options|levels|options-kernels|blocked|defaults|conv-forms --model cnn|mlp --onnx FILE --batch 64,256 --threads N --rounds N --samples N --pause-ms N");
      }
    }
    List<Variant> variants = variants(compare, threads);
    System.out.printf("model=%s compare=%s threads=%d rounds=%d samples/round=%d cpus=%d%n", modelName, compare, threads, rounds,
        samplesPerRound, Runtime.getRuntime().availableProcessors());
    for (int batch : batches) {
      run(variants, batch, rounds, Math.max(1, samplesPerRound / batch));
    }
  }

  static int pauseMillis = 50;
  static String modelName = "cnn";
  /** A model exported by PyTorch (an image classifier on [batch, 1, 28, 28]) to use instead of --model. */
  static Path onnxModel;

  static void run(List<Variant> variants, int batch, int rounds, int steps) throws Exception {
    int n = variants.size();
    List<Runner> runners = new ArrayList<>();
    List<AutoCloseable> owned = new ArrayList<>();
    FloatBuffer x = ByteBuffer.allocateDirect(batch * 784 * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    LongBuffer y = ByteBuffer.allocateDirect(batch * 8).order(ByteOrder.nativeOrder()).asLongBuffer();
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < batch * 784; i++) {
      x.put(i, (float) r.nextDouble());
    }
    for (int i = 0; i < batch; i++) {
      y.put(i, r.nextInt(10));
    }
    try {
      for (Variant v : variants) {
        if (v.formulation() == null) {
          TorchPeer peer = new TorchPeer(System.getProperty("python", "python3"),
              Path.of(System.getProperty("torchPeer", "benchmarks/python/torch_step_peer.py")), batch,
              v.config().intraOpThreads());
          owned.add(peer);
          runners.add(peer);
          continue;
        }
        Path dir = Files.createTempDirectory("ortrain-formulations");
        ArtifactPaths paths = (onnxModel != null ? Workloads.importedArtifacts(onnxModel)
            : Workloads.artifacts(modelName, 1L))
            .gradientRegistry(GradientRegistry.standard(v.formulation())).build().writeTo(dir);
        TrainingSession s = TrainingSession.open(paths, v.config(), 1e-3f);
        owned.add(s);
        OnnxTensor xt = s.floatTensor(x, batch, 1, 28, 28);
        OnnxTensor yt = s.longTensor(y, batch);
        owned.add(xt);
        owned.add(yt);
        Map<String, OnnxTensor> feed = Map.of("input", xt, "target", yt);
        runners.add(new Runner() {
          @Override
          public double[] run(int steps) {
            long cpu0 = processCpuNanos();
            double seconds = time(s, feed, steps);
            return new double[] {seconds, (processCpuNanos() - cpu0) / 1e9};
          }

          @Override
          public void close() {}
        });
      }
      for (int round = 0; round < 2; round++) { // warm-up, also interleaved
        for (int i = 0; i < n; i++) {
          runners.get(i).run(Math.max(3, steps / 2));
        }
      }
      double[][] rate = new double[n][rounds];
      double[][] cpuRate = new double[n][rounds];
      java.util.Random order = new java.util.Random(11);
      for (int round = 0; round < rounds; round++) {
        // A fresh random order each round, and a pause before each run: a session's intra-op threads keep
        // spinning briefly after its run, which would otherwise always slow down the same successor.
        List<Integer> perm = new ArrayList<>();
        for (int k = 0; k < n; k++) {
          perm.add(k);
        }
        java.util.Collections.shuffle(perm, order);
        for (int k = 0; k < n; k++) {
          int i = perm.get(k);
          Thread.sleep(pauseMillis);
          double[] t = runners.get(i).run(steps);
          rate[i][round] = steps * (double) batch / t[0];
          cpuRate[i][round] = steps * (double) batch / t[1];
        }
      }
      System.out.printf("%nbatch=%d steps/round=%d%n", batch, steps);
      report("wall clock: samples per second", variants, rate);
      report("process CPU time: samples per CPU-second (all threads)", variants, cpuRate);
    } finally {
      for (int i = owned.size() - 1; i >= 0; i--) {
        owned.get(i).close();
      }
    }
  }

  static void report(String title, List<Variant> variants, double[][] rate) {
    int n = rate.length;
    int rounds = rate[0].length;
    System.out.printf("%s%n%-24s %28s %34s%n", title, "variant", "median [min, max]",
        "per-round ratio to first: median [min, max]");
    for (int i = 0; i < n; i++) {
      double[] ratios = new double[rounds];
      for (int round = 0; round < rounds; round++) {
        ratios[round] = rate[i][round] / rate[0][round];
      }
      double[] sorted = ratios.clone();
      Arrays.sort(sorted);
      System.out.printf("%-24s %10.0f [%6.0f, %6.0f] %14.3f [%.3f, %.3f] (quartiles %.3f, %.3f)%n",
          variants.get(i).name(), median(rate[i]), min(rate[i]), max(rate[i]), median(ratios), min(ratios),
          max(ratios), sorted[rounds / 4], sorted[(3 * rounds) / 4]);
    }
  }

  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** Seconds for {@code steps} training steps (train step, optimizer step, gradient reset). */
  static double time(TrainingSession s, Map<String, OnnxTensor> feed, int steps) {
    long start = System.nanoTime();
    for (int i = 0; i < steps; i++) {
      s.trainStep(feed);
      s.optimizerStep();
      s.resetGradients();
    }
    return (System.nanoTime() - start) / 1e9;
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  static double min(double[] v) {
    return Arrays.stream(v).min().orElse(Double.NaN);
  }

  static double max(double[] v) {
    return Arrays.stream(v).max().orElse(Double.NaN);
  }
}
