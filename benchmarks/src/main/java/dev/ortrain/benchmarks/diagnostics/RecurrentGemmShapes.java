package dev.ortrain.benchmarks.diagnostics;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.OnnxModels;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.ort.NativeLibrary;
import dev.ortrain.ort.SessionOptionsFactory;
import dev.ortrain.session.SessionConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * ONNX Runtime's Gemm against PyTorch's matrix product at the shapes of the unrolled LSTM's products (hidden 128,
 * batch 128, 28 steps): whether ONNX Runtime's kernel is what limits the LSTM. Times ONNX Runtime first (a graph
 * of several independent Gemm nodes per run, so that the run's own overhead is shared), then runs
 * {@code benchmarks/python/recurrent_gemm_shapes.py} for PyTorch's times, one after the other, never at once,
 * for 5 rounds; prints both in µs per product and the median of the per-round ratios. Run (after
 * {@code mvn -B -q install -DskipTests}): {@code mvn -B -q -pl benchmarks exec:java
 * -Dexec.mainClass=dev.ortrain.benchmarks.diagnostics.RecurrentGemmShapes
 * -Dexec.args="--threads 1 --python /opt/torchenv/bin/python"}.
 */
public final class RecurrentGemmShapes {
  /** One product A·B (or A·Bᵀ) of an unrolled LSTM training step. */
  record Product(String role, long m, long k, long n, boolean transB) {
    String spec() {
      return m + "," + k + "," + n + "," + (transB ? 1 : 0);
    }

    double flops() {
      return 2.0 * m * k * n;
    }
  }

  static final List<Product> PRODUCTS = List.of(
      new Product("step forward: H·Rᵀ", 128, 128, 512, true),
      new Product("step backward: dH = dG·R", 128, 512, 128, false),
      new Product("recurrent weight gradient, 28 steps stacked: dGᵀ·H", 512, 3456, 128, false));

  private RecurrentGemmShapes() {}

  public static void main(String[] args) throws Exception {
    int threads = 1;
    String python = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--python" -> python = args[++i];
        default -> throw new IllegalArgumentException("Unknown argument " + args[i]
            + "; use --threads N --python PATH_TO_PYTHON_WITH_TORCH");
      }
    }
    int rounds = python == null ? 1 : 5;
    Map<Product, List<Double>> ort = new LinkedHashMap<>();
    Map<Product, List<Double>> torch = new LinkedHashMap<>();
    for (Product p : PRODUCTS) {
      ort.put(p, new ArrayList<>());
      torch.put(p, new ArrayList<>());
    }
    for (int round = 0; round < rounds; round++) { // alternating, so that both see the same load
      for (Product p : PRODUCTS) {
        ort.get(p).add(ortMicros(p, threads));
      }
      if (python != null) {
        Map<String, Double> t = torchMicros(python, threads);
        PRODUCTS.forEach(p -> torch.get(p).add(t.get(p.spec())));
      }
    }
    System.out.printf("threads=%d, µs per product (median of %d rounds, each the median of 5 blocks)%n", threads,
        rounds);
    for (Product p : PRODUCTS) {
      double o = median(ort.get(p));
      String versus = "";
      if (python != null) {
        double t = median(torch.get(p));
        List<Double> ratios = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
          ratios.add(ort.get(p).get(round) / torch.get(p).get(round));
        }
        versus = String.format("  PyTorch %8.1f (%3.0f GFLOPS)  ORT time / PyTorch time per round: median %.2f"
            + " [%.2f-%.2f]", t, p.flops() / t / 1e3, median(ratios), Collections.min(ratios),
            Collections.max(ratios));
      }
      System.out.printf("  %-52s [%dx%d]·[%dx%d]%s  ORT %8.1f (%3.0f GFLOPS)%s%n", p.role(), p.m(), p.k(), p.k(),
          p.n(), p.transB() ? "ᵀ" : " ", o, p.flops() / o / 1e3, versus);
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  /**
   * µs per Gemm, from runs of a graph with several Gemm nodes, each on a differently scaled A (so that none is a
   * common subexpression of another) and reduced to a scalar; the scaling and reduction are counted too, so the
   * figure slightly overstates the product alone.
   */
  static double ortMicros(Product p, int threads) throws Exception {
    int nodes = p.flops() > 1e8 ? 4 : 16;
    GraphBuilder g = new GraphBuilder("gemms");
    g.input("a", TensorType.floats(Shape.of(p.m(), p.k())));
    g.input("b", TensorType.floats(p.transB() ? Shape.of(p.n(), p.k()) : Shape.of(p.k(), p.n())));
    List<String> sums = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      String a = g.node("Mul").inputs("a", g.scalar("scale", 1f + i)).output("a_scaled");
      GraphBuilder.NodeBuilder gemm = g.node("Gemm").inputs(a, "b");
      if (p.transB()) {
        gemm.attr("transB", 1L);
      }
      sums.add(g.node("ReduceSum").inputs(gemm.output("product")).attr("keepdims", 0L).output("sum"));
    }
    g.node("Sum").inputs(sums.toArray(String[]::new)).outputs("total");
    g.output("total", TensorType.floats(Shape.of()));
    byte[] model = OnnxModels.model(g.build(), Map.of()).toByteArray();
    OrtEnvironment env = NativeLibrary.environment();
    SplittableRandom random = new SplittableRandom(1);
    SessionConfig config = SessionConfig.defaults().withThreads(threads);
    try (OrtSession.SessionOptions options = SessionOptionsFactory.create(config);
        OrtSession session = env.createSession(model, options);
        OnnxTensor a = OnnxTensor.createTensor(env, values(random, p.m() * p.k()), new long[] {p.m(), p.k()});
        OnnxTensor b = OnnxTensor.createTensor(env, values(random, p.k() * p.n()),
            p.transB() ? new long[] {p.n(), p.k()} : new long[] {p.k(), p.n()})) {
      Map<String, OnnxTensor> feed = Map.of("a", a, "b", b);
      for (int i = 0; i < 10; i++) {
        session.run(feed).close();
      }
      int runs = (int) Math.max(3, 2e9 / (p.flops() * nodes)); // about 20 ms of products per block at 100 GFLOPS
      double[] blocks = new double[5];
      for (int block = 0; block < blocks.length; block++) {
        long start = System.nanoTime();
        for (int i = 0; i < runs; i++) {
          session.run(feed).close();
        }
        blocks[block] = (System.nanoTime() - start) / 1e3 / runs / nodes;
      }
      Arrays.sort(blocks);
      return blocks[blocks.length / 2];
    }
  }

  private static FloatBuffer values(SplittableRandom random, long count) {
    float[] v = new float[Math.toIntExact(count)];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextDouble();
    }
    return FloatBuffer.wrap(v);
  }

  /** PyTorch's µs per product by shape spec, from the Python script run after ONNX Runtime's timings. */
  private static Map<String, Double> torchMicros(String python, int threads) throws Exception {
    List<String> command = new ArrayList<>(List.of(python, script().toString(), Integer.toString(threads)));
    PRODUCTS.forEach(p -> command.add(p.spec()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    Map<String, Double> micros = new LinkedHashMap<>();
    List<String> other = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        String[] parts = line.trim().split(" ");
        if (parts.length == 2 && parts[0].matches("[0-9,]+")) {
          micros.put(parts[0], Double.parseDouble(parts[1]));
        } else {
          other.add(line);
        }
      }
    }
    if (process.waitFor() != 0) {
      throw new IllegalStateException(script() + " failed with exit code " + process.exitValue() + ": "
          + String.join("\n", other) + "\nPass --python the interpreter of an environment with torch installed.");
    }
    return micros;
  }

  private static Path script() {
    Path here = Path.of("benchmarks/python/recurrent_gemm_shapes.py");
    return here.toFile().exists() ? here : Path.of("python/recurrent_gemm_shapes.py");
  }
}
