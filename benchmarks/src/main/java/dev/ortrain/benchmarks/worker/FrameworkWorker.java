package dev.ortrain.benchmarks.worker;

import com.google.gson.JsonObject;
import dev.ortrain.benchmarks.Workload;
import dev.ortrain.benchmarks.experiments.BenchmarkCnnTrainer;
import dev.ortrain.benchmarks.experiments.BenchmarkImported;
import dev.ortrain.benchmarks.experiments.BenchmarkImportedTrainer;
import dev.ortrain.benchmarks.experiments.BenchmarkData;
import dev.ortrain.benchmarks.experiments.BenchmarkMlpTrainer;
import dev.ortrain.callbacks.Callback;
import dev.ortrain.callbacks.MetricsFile;
import dev.ortrain.callbacks.ProgressBar;
import dev.ortrain.loop.RunOptions;
import dev.ortrain.recording.Recording;
import dev.ortrain.loop.Trainer;
import dev.ortrain.ort.NativeLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * ortrain as its users run it: the trainer the annotation processor generates for the annotated benchmark
 * experiment, {@code fit()} on a background thread, measured in windows by a {@link Pacer} callback. With
 * {@code logging}, the run also draws a progress bar and writes its metrics files, as a user's run would.
 */
final class FrameworkWorker implements Worker {
  private final boolean logging;
  private Trainer trainer;
  private AutoCloseable generated;
  private Thread fit;
  private final Pacer pacer = new Pacer();
  private volatile Throwable fitFailure;
  private int testSize;

  FrameworkWorker(boolean logging) {
    this.logging = logging;
  }

  @Override
  public Map<String, Object> handle(String op, JsonObject r) throws Exception {
    return switch (op) {
      case "setup" -> setup(r);
      case "train" -> pacer.train(r.get("seconds").getAsDouble(), fit);
      case "epoch" -> pacer.nextFullEpoch(fit);
      case "checkpoint" -> checkpoint(r.get("repeats").getAsInt());
      case "eval" -> eval(r.get("seconds").getAsDouble());
      case "memory" -> Map.of("peak_rss_mb", Worker.peakRssMb());
      default -> throw Worker.unsupported(op);
    };
  }

  private Map<String, Object> setup(JsonObject r) throws Exception {
    long t0 = System.nanoTime();
    String model = r.get("model").getAsString();
    int batch = r.get("batch").getAsInt();
    int threads = r.get("threads").getAsInt();
    float lr = r.get("lr").getAsFloat();
    long seed = r.get("seed").getAsLong();
    System.setProperty(BenchmarkData.DATA_PROPERTY, r.get("data").getAsString());
    List<Callback> callbacks = new ArrayList<>(List.of(pacer));
    if (logging) {
      callbacks.add(new ProgressBar());
      callbacks.add(new MetricsFile());
    }
    RunOptions options = RunOptions.defaults()
        .withConfigOverride(b -> b.batchSize(batch).threads(threads).learningRate(lr).seed(seed).epochs(1000))
        .withRunDirectory(Files.createTempDirectory("ortrain-bench-run"))
        .withCallbacks(callbacks)
        // what is timed is the loop with the callbacks above; a run's default records would be timed too
        .withRecording(Recording.nothing());
    Workload workload = Workload.parse(model);
    String trainerName = createTrainer(workload, r, options);
    fit = new Thread(() -> {
      try {
        trainer.fit();
      } catch (Throwable e) {
        fitFailure = e;
        e.printStackTrace(System.err);
      }
    }, "fit");
    fit.start();
    pacer.awaitStart(fit);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("trainer", "generated " + trainerName);
    details.put("callbacks", logging ? "pacer, ProgressBar, MetricsFile" : "pacer");
    details.put("native_library", NativeLibrary.environment().getVersion());
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("name", logging ? "ortrain + progress bar, metrics files" : "ortrain (generated trainer)");
    answer.put("version", "ortrain 0.1.0-SNAPSHOT on ONNX Runtime " + NativeLibrary.environment().getVersion());
    answer.put("setup_seconds", (System.nanoTime() - t0) / 1e9);
    answer.put("details", details);
    return answer;
  }

  /** Creates the generated trainer of the workload's experiment; returns its class name. */
  private String createTrainer(Workload workload, JsonObject r, RunOptions options) throws Exception {
    switch (workload) {
      case MLP -> {
        BenchmarkMlpTrainer t = BenchmarkMlpTrainer.create(options);
        generated = t;
        trainer = t.engine();
      }
      case CNN -> {
        BenchmarkCnnTrainer t = BenchmarkCnnTrainer.create(options);
        generated = t;
        trainer = t.engine();
      }
      case RESNET, TRANSFORMER, LSTM -> {
        System.setProperty(BenchmarkImported.MODEL_PROPERTY, Worker.onnxFile(r).toString());
        BenchmarkImportedTrainer t = BenchmarkImportedTrainer.create(options);
        generated = t;
        trainer = t.engine();
      }
    }
    return generated.getClass().getSimpleName();
  }

  private void endFit() throws InterruptedException {
    if (fit.isAlive()) {
      pacer.stop(fit);
    }
    if (fitFailure != null) {
      throw new IllegalStateException("The fit failed: " + fitFailure, fitFailure);
    }
  }

  /** Full checkpoints (parameters, optimizer, trainer and loader state, fsync, manifest) saved and restored. */
  private Map<String, Object> checkpoint(int repeats) throws Exception {
    endFit();
    List<Double> save = new ArrayList<>();
    List<Double> load = new ArrayList<>();
    long bytes = 0;
    for (int i = 0; i < repeats; i++) {
      long s0 = System.nanoTime();
      Path dir = trainer.state().saveCheckpoint("bench-" + i);
      save.add((System.nanoTime() - s0) / 1e6);
      long l0 = System.nanoTime();
      trainer.restore(dir);
      load.add((System.nanoTime() - l0) / 1e6);
      bytes = size(dir);
    }
    return Map.of("save_ms", save, "load_ms", load, "bytes", bytes);
  }

  /** Passes of {@code test()} over the whole test set (10,000 images) until {@code seconds} have passed. */
  private Map<String, Object> eval(double seconds) throws Exception {
    endFit();
    if (testSize == 0) {
      testSize = BenchmarkData.load().test().size(); // read once, outside the measured passes
    }
    long budget = (long) (seconds * 1e9);
    int passes = 0;
    long start = System.nanoTime();
    long elapsed;
    do {
      trainer.test();
      passes++;
      elapsed = System.nanoTime() - start;
    } while (elapsed < budget);
    return Map.of("steps", passes, "seconds", elapsed / 1e9, "samples", (long) passes * testSize);
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  @Override
  public Map<String, Object> quit() throws Exception {
    if (fit != null) {
      endFit();
    }
    if (generated != null) {
      generated.close();
    }
    return Map.of();
  }
}
