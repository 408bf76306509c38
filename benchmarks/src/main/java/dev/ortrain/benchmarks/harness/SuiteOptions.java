package dev.ortrain.benchmarks.harness;

import dev.ortrain.benchmarks.Workload;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The suite's command line. */
final class SuiteOptions {
  Path root = Path.of(".").toAbsolutePath().normalize();
  Path data = Path.of("/usr/share/datasets/fashion-mnist");
  Path out = Path.of("docs/benchmarks.md");
  String python = "python3";
  List<Workload> models = List.of(Workload.values());
  /** The batch sizes of every model; empty: each model's own ({@link Workload#defaultBatches()}). */
  List<Integer> batches = List.of();
  List<String> contenders = Contender.ALL;
  int threads = 2;
  int repeats = 5;
  double trainSeconds = 2;
  double evalSeconds = 1;
  int epochSamples = 60000;
  int slowEpochSamples = 6400;
  int checkpointRepeats = 5;
  String commandLine = "";
  Path render;

  static final String USAGE = """
      Usage: Suite [options]
        --data DIR            Fashion-MNIST IDX directory (default /usr/share/datasets/fashion-mnist)
        --out FILE            Markdown report; FILE with .json beside it holds every measurement (docs/benchmarks.md)
        --models LIST         any of %s (default: all)
        --batches LIST        batch sizes of every model (default: 64,256 for mlp and cnn, 32,128 for the others)
        --contenders LIST     any of %s (default: all)
        --threads N           intra-op threads of every contender (2)
        --repeats N           measured rounds per figure, after one warm-up (5)
        --train-seconds S     length of one training window (2)
        --eval-seconds S      length of one evaluation window (1)
        --epoch-samples N     samples in the timed epoch (60000)
        --slow-epoch-samples N  samples in the timed epoch of contenders under 1,000 samples/s (6400)
        --python EXE          Python with torch 2.13 and lightning 2.6 (python3)
        --render FILE.json    rewrite the Markdown report (--out) from saved measurements; runs nothing
        --quick               1 repeat, 0.5 s windows, 3200-sample epochs: checks the suite works, measures nothing
      """.formatted(Workload.ids(), Contender.ALL);

  static SuiteOptions parse(String[] args) {
    SuiteOptions o = new SuiteOptions();
    o.commandLine = String.join(" ", args);
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--quick")) {
        o.repeats = 1;
        o.trainSeconds = 0.5;
        o.evalSeconds = 0.3;
        o.epochSamples = 3200;
        o.slowEpochSamples = 640;
        o.checkpointRepeats = 2;
        continue;
      }
      if (a.equals("--help") || a.equals("-h")) {
        throw new IllegalArgumentException(USAGE);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("Option " + a + " needs a value\n" + USAGE);
      }
      String v = args[++i];
      switch (a) {
        case "--data" -> o.data = Path.of(v);
        case "--out" -> o.out = Path.of(v);
        case "--render" -> o.render = Path.of(v);
        case "--root" -> o.root = Path.of(v).toAbsolutePath().normalize();
        case "--python" -> o.python = v;
        case "--models" -> o.models = Arrays.stream(v.split(",")).map(Workload::parse).toList();
        case "--batches" -> o.batches = Arrays.stream(v.split(",")).map(SuiteOptions::batchSize).toList();
        case "--contenders" -> o.contenders = List.of(v.split(","));
        case "--threads" -> o.threads = Integer.parseInt(v);
        case "--repeats" -> o.repeats = Integer.parseInt(v);
        case "--train-seconds" -> o.trainSeconds = Double.parseDouble(v);
        case "--eval-seconds" -> o.evalSeconds = Double.parseDouble(v);
        case "--epoch-samples" -> o.epochSamples = Integer.parseInt(v);
        case "--slow-epoch-samples" -> o.slowEpochSamples = Integer.parseInt(v);
        default -> throw new IllegalArgumentException("Unknown option " + a + "\n" + USAGE);
      }
    }
    for (String c : o.contenders) {
      if (!Contender.ALL.contains(c)) {
        throw new IllegalArgumentException("Unknown contender " + c + "; known: " + Contender.ALL);
      }
    }
    if (o.repeats < 1) {
      throw new IllegalArgumentException("--repeats must be at least 1, got " + o.repeats);
    }
    List<String> ordered = new ArrayList<>(o.contenders);
    o.contenders = ordered;
    return o;
  }

  private static int batchSize(String text) {
    try {
      int b = Integer.parseInt(text.strip());
      if (b >= 1) {
        return b;
      }
    } catch (NumberFormatException e) {
      // reported below with the option's name
    }
    throw new IllegalArgumentException("--batches takes whole numbers of at least 1, got '" + text + "'");
  }

  /** The batch sizes {@code model} is measured at. */
  List<Integer> batchesOf(Workload model) {
    return batches.isEmpty() ? model.defaultBatches() : batches;
  }
}
