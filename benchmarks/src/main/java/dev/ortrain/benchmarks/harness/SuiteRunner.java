package dev.ortrain.benchmarks.harness;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import dev.ortrain.benchmarks.Workload;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the suite: per workload (model x batch) one worker per contender, then every figure in interleaved
 * rounds (each round visits every contender once, starting one further along each time), so that all see the
 * same machine. Only one worker computes at any moment; the others wait on their stdin.
 */
public final class SuiteRunner {
  /** The seed of every contender's initial weights and shuffling. */
  private static final int SEED = 1;
  private final SuiteOptions options;
  private final JsonObject results = new JsonObject();
  private final Path logDir;
  private final Path modelDir;
  private final Map<Workload, Path> exports = new EnumMap<>(Workload.class);

  private SuiteRunner(SuiteOptions options) throws IOException {
    this.options = options;
    this.logDir = Files.createTempDirectory("ortrain-bench-logs");
    this.modelDir = Files.createTempDirectory("ortrain-bench-models");
  }

  /** Runs with the given command line; returns the process exit code. */
  public static int run(String[] args) throws Exception {
    SuiteOptions options;
    try {
      options = SuiteOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    if (options.render != null) {
      JsonObject saved = JsonParser.parseString(Files.readString(options.render)).getAsJsonObject();
      Files.writeString(options.out, new MarkdownReport(saved, null).render());
      log("Wrote " + options.out + " from " + options.render);
      return 0;
    }
    if (!Files.isDirectory(options.data)) {
      System.err.println("No Fashion-MNIST at " + options.data + ": install Debian's dataset-fashion-mnist or pass"
          + " --data DIR (a directory with the four IDX files)");
      return 2;
    }
    return new SuiteRunner(options).runAll();
  }

  private int runAll() throws Exception {
    Path jsonFile = jsonBeside(options.out);
    Optional<JsonObject> previous = readPrevious(jsonFile);
    results.add("meta", meta());
    JsonArray workloads = new JsonArray();
    results.add("workloads", workloads);
    boolean first = true;
    for (Workload model : options.models) {
      for (int batch : options.batchesOf(model)) {
        workloads.add(workload(model, batch, first));
        first = false;
        write(jsonFile, previous); // keep what was measured if a later workload fails
      }
    }
    write(jsonFile, previous);
    log("Wrote " + options.out + " and " + jsonFile + " (worker logs in " + logDir + ")");
    return 0;
  }

  private void write(Path jsonFile, Optional<JsonObject> previous) throws IOException {
    Path parent = options.out.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Files.writeString(jsonFile, new GsonBuilder().setPrettyPrinting().create().toJson(results) + "\n");
    Files.writeString(options.out, new MarkdownReport(results, previous.orElse(null)).render());
  }

  private JsonObject workload(Workload model, int batch, boolean withSgemm) throws IOException {
    log("=== " + model.id() + ", batch " + batch);
    JsonObject w = new JsonObject();
    w.addProperty("model", model.id());
    w.addProperty("batch", batch);
    JsonObject per = new JsonObject();
    w.add("contenders", per);
    List<WorkerProcess> workers = new ArrayList<>();
    try {
      for (String id : options.contenders) {
        Contender c = Contender.of(id, options.root, options.python);
        if (!c.trains(model)) {
          continue;
        }
        JsonObject r = new JsonObject();
        r.addProperty("name", c.name());
        r.add("errors", new JsonArray());
        per.add(id, r);
        if (c.unavailable().isPresent()) {
          error(r, "not run: " + c.unavailable().get());
          continue;
        }
        start(c, model, batch, r).ifPresent(workers::add);
      }
      if (withSgemm) {
        results.add("sgemm", sgemm(workers));
      }
      rounds(workers, per, "train", options.trainSeconds, "train");
      // ortrain's epoch is the next whole epoch of its fit (60,000 samples) and its evaluation whole test() passes
      // (10,000 images): minutes per workload for these models, whose question is the training step; loading and
      // evaluation do not depend on the model and are measured on the MLP and CNN.
      if (!model.importedFromPyTorch()) {
        epochs(workers, per);
      }
      for (WorkerProcess p : workers) {
        ask(p, per, "checkpoint", op("checkpoint", "repeats", options.checkpointRepeats));
      }
      if (!model.importedFromPyTorch()) {
        rounds(workers, per, "eval", options.evalSeconds, "eval");
      }
      for (WorkerProcess p : workers) {
        if (p.contender().id().equals(Contender.RAW_ORT) || p.contender().id().equals(Contender.PYTORCH)) {
          ask(p, per, "profile", op("profile", "steps", model.profileSteps()));
        }
        ask(p, per, "memory", op("memory"));
      }
    } finally {
      workers.forEach(WorkerProcess::close);
    }
    return w;
  }

  /** Starts and sets up a contender's worker; a failure is recorded in {@code r}, and no worker is left running. */
  private Optional<WorkerProcess> start(Contender c, Workload model, int batch, JsonObject r) {
    WorkerProcess p = null;
    try {
      JsonObject setup = op("setup", "model", model.id(), "batch", batch, "threads", options.threads,
          "lr", 0.001, "seed", SEED, "data", options.data.toString());
      if (model.importedFromPyTorch() && c.importsOnnx()) {
        setup.addProperty("onnx", export(model).toString());
      }
      p = WorkerProcess.start(c, env(), logDir.resolve(c.id() + "-" + model.id() + "-" + batch + ".log"));
      JsonObject answer = p.request(setup);
      r.add("setup", answer);
      log(c.name() + ": set up in " + fmt(answer.get("setup_seconds").getAsDouble()) + " s");
      return Optional.of(p);
    } catch (IOException e) {
      if (p != null) {
        p.close();
      }
      error(r, "setup: " + e.getMessage());
      return Optional.empty();
    }
  }

  /** The model PyTorch's peer trains, exported once per run for the contenders that import it. */
  private Path export(Workload model) throws IOException {
    Path done = exports.get(model);
    if (done != null) {
      return done;
    }
    long t0 = System.nanoTime();
    Path file = ModelExport.run(options.python, Contender.torchScript(options.root), model, SEED, modelDir, env(),
        logDir.resolve("export-" + model.id() + ".log"));
    log("Exported PyTorch's " + model.id() + " to " + file + " in " + fmt((System.nanoTime() - t0) / 1e9) + " s");
    exports.put(model, file);
    return file;
  }

  /** One warm-up window, then {@code repeats} interleaved rounds of measured windows. */
  private void rounds(List<WorkerProcess> workers, JsonObject per, String op, double seconds, String key) {
    List<WorkerProcess> live = new ArrayList<>(workers);
    for (WorkerProcess p : workers) {
      if (ask(p, per, key + "_warmup", op(op, "seconds", seconds)) == null) {
        live.remove(p);
      }
    }
    for (int round = 0; round < options.repeats; round++) {
      for (int k = 0; k < live.size(); k++) {
        WorkerProcess p = live.get((round + k) % live.size());
        JsonObject a = ask(p, per, null, op(op, "seconds", seconds));
        if (a != null) {
          JsonObject r = per.getAsJsonObject(p.contender().id());
          if (!r.has(key)) {
            r.add(key, new JsonArray());
          }
          double rate = a.get("samples").getAsDouble() / a.get("seconds").getAsDouble();
          r.getAsJsonArray(key).add(rate);
          log(p.contender().name() + " " + op + ": " + fmt(rate) + " samples/s");
        }
      }
    }
  }

  private void epochs(List<WorkerProcess> workers, JsonObject per) {
    for (WorkerProcess p : workers) {
      JsonObject r = per.getAsJsonObject(p.contender().id());
      double rate = r.has("train") ? Stats.median(r.getAsJsonArray("train")) : 0;
      int samples = rate > 0 && rate < 1000 ? options.slowEpochSamples : options.epochSamples;
      JsonObject a = ask(p, per, "epoch", op("epoch", "samples", samples));
      if (a != null) {
        a.addProperty("requested_samples", samples);
        log(p.contender().name() + " epoch: " + fmt(a.get("seconds").getAsDouble()) + " s wall, "
            + fmt(a.get("step_seconds").getAsDouble()) + " s in steps");
      }
    }
  }

  /** MLAS (through ONNX Runtime) and PyTorch's BLAS multiply 2048 x 2048 matrices, interleaved. */
  private JsonObject sgemm(List<WorkerProcess> workers) {
    JsonObject s = new JsonObject();
    for (int round = 0; round < 3; round++) {
      for (WorkerProcess p : workers) {
        String id = p.contender().id();
        if (!id.equals(Contender.RAW_ORT) && !id.equals(Contender.PYTORCH)) {
          continue;
        }
        try {
          double g = p.request(op("sgemm", "n", 2048, "seconds", 2.0)).get("gflops").getAsDouble();
          if (!s.has(id)) {
            s.add(id, new JsonArray());
          }
          s.getAsJsonArray(id).add(g);
          log(p.contender().name() + " sgemm 2048: " + fmt(g) + " GFLOP/s");
        } catch (IOException e) {
          log("sgemm on " + id + " failed: " + e.getMessage());
        }
      }
    }
    return s;
  }

  /** Sends a request; stores the answer under {@code key} (when given); records a failure instead of throwing. */
  private JsonObject ask(WorkerProcess p, JsonObject per, String key, JsonObject request) {
    JsonObject r = per.getAsJsonObject(p.contender().id());
    try {
      JsonObject a = p.request(request);
      if (key != null) {
        r.add(key, a);
      }
      return a;
    } catch (IOException e) {
      String message = e.getMessage();
      if (!message.contains("not supported")) {
        log(message);
      }
      error(r, request.get("op").getAsString() + ": " + message);
      return null;
    }
  }

  private static void error(JsonObject r, String message) {
    r.getAsJsonArray("errors").add(message);
  }

  private Map<String, String> env() {
    Map<String, String> env = new LinkedHashMap<>();
    String n = String.valueOf(options.threads);
    env.put("OMP_NUM_THREADS", n);
    env.put("MKL_NUM_THREADS", n);
    env.put("OPENBLAS_NUM_THREADS", n);
    // glibc keeps freed memory instead of handing it back to the kernel after every step. Without this, PyTorch's
    // CNN step here spent most of its time in page faults (fill_ and threshold_backward at 10+ ms per step, batch
    // 64) and ran 2-3x slower on some runs than on others; ONNX Runtime reuses its own arena either way.
    env.put("MALLOC_MMAP_THRESHOLD_", "2000000000");
    env.put("MALLOC_TRIM_THRESHOLD_", "4000000000");
    return env;
  }

  private static JsonObject op(String name, Object... kv) {
    JsonObject o = new JsonObject();
    o.addProperty("op", name);
    for (int i = 0; i < kv.length; i += 2) {
      Object v = kv[i + 1];
      if (v instanceof Number num) {
        o.addProperty((String) kv[i], num);
      } else {
        o.addProperty((String) kv[i], String.valueOf(v));
      }
    }
    return o;
  }

  private JsonObject meta() {
    JsonObject m = new JsonObject();
    m.addProperty("date", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    m.addProperty("cpu", Machine.cpuModel());
    m.addProperty("cores", Runtime.getRuntime().availableProcessors());
    m.addProperty("memory_gib", Machine.memoryGib());
    m.addProperty("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    m.addProperty("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    m.addProperty("command", "benchmarks/run.sh" + (options.commandLine.isEmpty() ? "" : " " + options.commandLine));
    m.addProperty("threads", options.threads);
    m.addProperty("repeats", options.repeats);
    m.addProperty("train_seconds", options.trainSeconds);
    m.addProperty("eval_seconds", options.evalSeconds);
    m.addProperty("data", options.data.toString());
    return m;
  }

  private static Optional<JsonObject> readPrevious(Path jsonFile) {
    try {
      return Files.exists(jsonFile)
          ? Optional.of(JsonParser.parseString(Files.readString(jsonFile)).getAsJsonObject()) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      System.err.println("Ignoring unreadable previous results " + jsonFile + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  static Path jsonBeside(Path markdown) {
    String name = markdown.getFileName().toString();
    String base = name.endsWith(".md") ? name.substring(0, name.length() - 3) : name;
    return markdown.resolveSibling(base + ".json");
  }

  static String fmt(double v) {
    return v >= 100 ? String.format("%,.0f", v) : String.format("%.3g", v);
  }

  private static void log(String message) {
    System.err.println("[bench] " + message);
  }
}
