package dev.ortrain.benchmarks.diagnostics;

import dev.ortrain.benchmarks.Workload;
import dev.ortrain.benchmarks.Workloads;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtTrainingSession;
import dev.ortrain.artifacts.ArtifactBuilder;
import dev.ortrain.artifacts.ArtifactPaths;
import dev.ortrain.artifacts.Optimizer;
import dev.ortrain.benchmarks.worker.OrtProfile;
import dev.ortrain.loss.CrossEntropyLoss;
import dev.ortrain.layout.BlockedArtifacts;
import dev.ortrain.ort.NativeLibrary;
import dev.ortrain.ort.SessionOptionsFactory;
import dev.ortrain.session.SessionConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Compares the training steps of artifacts written by different versions of ortrain, in one JVM: the way to
 * measure a change to the generated graphs. {@code write DIR [mlp|cnn|lstm|gru|FILE.onnx]} writes the
 * benchmark model's artifacts (lstm and gru: the 2-layer classifier of {@link RecurrentFormulations}; an .onnx
 * file: a model PyTorch exported with {@code torch_worker.py --export}) as this build generates them and
 * specializes them for this CPU as ortrain's sessions do (a paths.txt in DIR names the four files);
 * check out another version, write to another directory, then {@code compare BATCH ROUNDS DIR...} opens a
 * training session (2 threads unless {@code --threads N}, ortrain's session options) on each and times about
 * 1,024 samples (or {@code --samples N}) of steps per session per round (a DIR written {@code parallel:DIR}
 * is opened in ONNX Runtime's parallel execution mode with as many inter-op threads), the sessions in a fresh
 * random order each round, with a pause between them. It prints each one's median time per step and its
 * per-round ratio to the first; with one thread also the same for the CPU time of the thread that ran the
 * steps, which other processes' load disturbs much less. {@code profile DIR BATCH STEPS THREADS} prints the
 * kernel time per step by operator type from ONNX Runtime's profiler; {@code open ROUNDS DIR...} times opening
 * the sessions. Run (after {@code mvn -B -q install -DskipTests}):
 * {@code mvn -B -q -pl benchmarks exec:java -Dexec.mainClass=dev.ortrain.benchmarks.diagnostics.ArtifactComparison
 * -Dexec.args="compare 256 20 /tmp/before /tmp/after"}.
 */
public final class ArtifactComparison {
  private static final String PATHS = "paths.txt";
  /** Names the model the artifacts were written for, which decides the input's shape. */
  private static final String MODEL = "model.txt";

  private ArtifactComparison() {}

  public static void main(String[] args) throws Exception {
    if (args.length >= 2 && args[0].equals("write")) {
      write(Path.of(args[1]), args.length > 2 ? args[2] : "cnn");
    } else if (args.length >= 4 && args[0].equals("compare")) {
      int threads = 2;
      int samples = 1024;
      List<Path> dirs = new ArrayList<>();
      for (int i = 3; i < args.length; i++) {
        if (args[i].equals("--threads")) {
          threads = Integer.parseInt(args[++i]);
        } else if (args[i].equals("--samples")) {
          samples = Integer.parseInt(args[++i]);
        } else {
          dirs.add(Path.of(args[i]));
        }
      }
      compare(Integer.parseInt(args[1]), Integer.parseInt(args[2]), threads, samples, dirs);
    } else if (args.length >= 3 && args[0].equals("open")) {
      List<Path> dirs = new ArrayList<>();
      for (int i = 2; i < args.length; i++) {
        dirs.add(Path.of(args[i]));
      }
      open(Integer.parseInt(args[1]), dirs);
    } else if (args.length == 5 && args[0].equals("profile")) {
      profile(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
    } else {
      throw new IllegalArgumentException(
          "Usage: write DIR [mlp|cnn|lstm|gru|FILE.onnx]  |  compare BATCH ROUNDS [--threads N] [--samples N]"
              + " [parallel:]DIR [DIR...]"
              + "  |  open ROUNDS DIR [DIR...]  |  profile DIR BATCH STEPS THREADS");
    }
  }

  static void write(Path dir, String model) throws Exception {
    ArtifactPaths paths = builder(model).build().writeTo(Files.createDirectories(dir.resolve("standard")));
    paths = BlockedArtifacts.specialize(paths, NativeLibrary.environment(),
        Files.createDirectories(dir.resolve("specialized"))).orElse(paths);
    Files.write(dir.resolve(PATHS), List.of(paths.checkpoint().toString(), paths.trainingModel().toString(),
        paths.evalModel().toString(), paths.optimizerModel().toString()));
    Files.writeString(dir.resolve(MODEL), model);
    System.out.println("Wrote " + model + " artifacts to " + dir);
  }

  private static ArtifactBuilder builder(String model) throws Exception {
    if (model.endsWith(".onnx")) {
      return Workloads.importedArtifacts(Path.of(model));
    }
    return switch (model) {
      case "lstm", "gru" -> ArtifactBuilder.forModel(RecurrentFormulations.classifier(
              RecurrentFormulations.Cell.valueOf(model.toUpperCase(Locale.ROOT)), 1L))
          .loss(CrossEntropyLoss.create()).optimizer(Optimizer.AdamW.defaults());
      default -> Workloads.artifacts(model, 1L);
    };
  }

  /** The input's shape for a batch: [batch, 28, 28] sequences for the recurrent models, else images. */
  private static long[] inputShape(Path dir, int batch) throws IOException {
    Path model = dir.resolve(MODEL);
    boolean sequences = Files.exists(model) && Set.of("lstm", "gru").contains(Files.readString(model).strip());
    return sequences ? new long[] {batch, 28, 28} : new long[] {batch, 1, 28, 28};
  }

  /** Random inputs for a batch, half of them zeros (ties in the pools). */
  private static float[] inputs(int batch) {
    SplittableRandom random = new SplittableRandom(3);
    float[] images = new float[batch * 784];
    for (int i = 0; i < images.length; i++) {
      images[i] = random.nextDouble() < 0.5 ? 0f : (float) random.nextDouble();
    }
    return images;
  }

  private static long[] labels(int batch) {
    SplittableRandom random = new SplittableRandom(5);
    long[] labels = new long[batch];
    for (int i = 0; i < batch; i++) {
      labels[i] = random.nextInt(10);
    }
    return labels;
  }

  /**
   * Writes an ONNX Runtime profile of {@code steps} training steps of the artifacts in {@code dir} into a fresh
   * directory and prints the kernel time per step of the 25 costliest operator types (the first 3 steps left
   * out as warm-up).
   */
  static void profile(Path dir, int batch, int steps, int threads) throws Exception {
    OrtEnvironment env = NativeLibrary.environment();
    Path out = Files.createTempDirectory("ortrain-profile");
    List<String> p = Files.readAllLines(dir.resolve(PATHS));
    try (OrtSession.SessionOptions o = SessionOptionsFactory.create(SessionConfig.defaults().withThreads(threads))) {
      o.enableProfiling(out.resolve("steps").toString());
      try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(inputs(batch)), inputShape(dir, batch));
          OnnxTensor y = OnnxTensor.createTensor(env, LongBuffer.wrap(labels(batch)), new long[] {batch});
          OnnxTensor scale = OnnxTensor.createTensor(env, 1f);
          OrtTrainingSession s = env.createTrainingSession(p.get(0), p.get(1), p.get(2), p.get(3), o)) {
        Map<String, OnnxTensor> feed = feed(s, x, y, scale);
        for (int i = 0; i < steps; i++) {
          step(s, feed);
        }
      }
    }
    System.out.printf("%s, batch %d, %d thread(s): kernel ms per step (profile in %s)%n", dir, batch, threads, out);
    for (Map<String, Object> row : OrtProfile.summarize(out, 3, 25, Map.of())) {
      System.out.printf("  %-28s %7.2f ms  %5.1f%%%n", row.get("name"), (Double) row.get("ms_per_step"),
          (Double) row.get("percent"));
    }
  }

  private static Map<String, OnnxTensor> feed(OrtTrainingSession s, OnnxTensor x, OnnxTensor y, OnnxTensor scale)
      throws OrtException {
    Map<String, OnnxTensor> feed = new LinkedHashMap<>();
    for (String name : s.getTrainInputNames()) {
      feed.put(name, name.equals("input") ? x : name.equals("target") ? y : scale);
    }
    return feed;
  }

  /**
   * Times opening a 1-thread training session on each directory's artifacts (what restoring a checkpoint
   * costs), the directories in a fresh random order each of {@code rounds} rounds after one unrecorded round.
   */
  static void open(int rounds, List<Path> dirs) throws Exception {
    OrtEnvironment env = NativeLibrary.environment();
    List<List<Double>> millis = new ArrayList<>();
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < dirs.size(); i++) {
      millis.add(new ArrayList<>());
      order.add(i);
    }
    Random shuffler = new Random(13);
    for (int round = -1; round < rounds; round++) {
      Collections.shuffle(order, shuffler);
      for (int i : order) {
        List<String> p = Files.readAllLines(dirs.get(i).resolve(PATHS));
        try (OrtSession.SessionOptions o = SessionOptionsFactory.create(SessionConfig.defaults().withThreads(1))) {
          long start = System.nanoTime();
          env.createTrainingSession(p.get(0), p.get(1), p.get(2), p.get(3), o).close();
          if (round >= 0) {
            millis.get(i).add((System.nanoTime() - start) / 1e6);
          }
        }
      }
    }
    report(dirs, millis, "ms to open");
  }

  static void compare(int batch, int rounds, int threads, int samples, List<Path> dirs) throws Exception {
    OrtEnvironment env = NativeLibrary.environment();
    int steps = Math.max(1, samples / batch);
    float[] images = inputs(batch);
    long[] labels = labels(batch);
    List<OrtTrainingSession> sessions = new ArrayList<>();
    List<OrtSession.SessionOptions> options = new ArrayList<>();
    List<Map<String, OnnxTensor>> feeds = new ArrayList<>();
    try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(images),
        inputShape(artifacts(dirs.get(0)), batch));
        OnnxTensor y = OnnxTensor.createTensor(env, LongBuffer.wrap(labels), new long[] {batch});
        OnnxTensor scale = OnnxTensor.createTensor(env, 1f)) {
      for (Path dir : dirs) {
        List<String> p = Files.readAllLines(artifacts(dir).resolve(PATHS));
        OrtSession.SessionOptions o = SessionOptionsFactory.create(sessionConfig(dir, threads));
        options.add(o);
        OrtTrainingSession s = env.createTrainingSession(p.get(0), p.get(1), p.get(2), p.get(3), o);
        sessions.add(s);
        feeds.add(feed(s, x, y, scale));
      }
      List<List<Double>> millis = new ArrayList<>();
      List<List<Double>> cpuMillis = new ArrayList<>();
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < dirs.size(); i++) {
        millis.add(new ArrayList<>());
        cpuMillis.add(new ArrayList<>());
        order.add(i);
      }
      ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
      Random shuffler = new Random(11);
      for (int round = -3; round < rounds; round++) { // three unrecorded warm-up rounds
        Collections.shuffle(order, shuffler);
        for (int i : order) {
          long start = System.nanoTime();
          long cpuStart = cpu.getCurrentThreadCpuTime();
          for (int k = 0; k < steps; k++) {
            step(sessions.get(i), feeds.get(i));
          }
          if (round >= 0) {
            millis.get(i).add((System.nanoTime() - start) / 1e6 / steps);
            cpuMillis.get(i).add((cpu.getCurrentThreadCpuTime() - cpuStart) / 1e6 / steps);
          }
          Thread.sleep(50); // ONNX Runtime's threads spin a while after a run
        }
      }
      report(dirs, millis, "ms/step");
      if (threads == 1) {
        System.out.println("CPU time of the thread that ran the steps (ONNX Runtime runs a 1-thread session on it):");
        report(dirs, cpuMillis, "CPU ms/step");
      }
    } finally {
      for (OrtTrainingSession s : sessions) {
        s.close();
      }
      options.forEach(OrtSession.SessionOptions::close);
    }
  }

  /** A DIR named {@code parallel:PATH} opens PATH's artifacts in ONNX Runtime's parallel execution mode. */
  private static final String PARALLEL = "parallel:";

  private static Path artifacts(Path dir) {
    String name = dir.toString();
    return name.startsWith(PARALLEL) ? Path.of(name.substring(PARALLEL.length())) : dir;
  }

  /** ortrain's session options; for a {@code parallel:} DIR also the parallel mode with as many inter-op threads. */
  private static SessionConfig sessionConfig(Path dir, int threads) {
    SessionConfig config = SessionConfig.defaults().withThreads(threads);
    return dir.toString().startsWith(PARALLEL)
        ? config.withInterOpThreads(threads).withTuning(config.tuning().withParallelExecution(true)) : config;
  }

  private static void report(List<Path> dirs, List<List<Double>> millis, String unit) {
    int rounds = millis.get(0).size();
    for (int i = 0; i < dirs.size(); i++) {
      List<Double> ratios = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        ratios.add(millis.get(i).get(r) / millis.get(0).get(r));
      }
      System.out.printf("%-40s %.2f %s [%.2f-%.2f], time over the first %.3f [%.3f-%.3f]%n", dirs.get(i),
          median(millis.get(i)), unit, Collections.min(millis.get(i)), Collections.max(millis.get(i)),
          median(ratios), Collections.min(ratios), Collections.max(ratios));
    }
  }

  private static void step(OrtTrainingSession s, Map<String, OnnxTensor> feed) throws OrtException {
    s.trainStep(feed).close();
    s.optimizerStep();
    s.lazyResetGrad();
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
