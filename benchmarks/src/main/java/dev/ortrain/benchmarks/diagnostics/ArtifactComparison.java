package dev.ortrain.benchmarks.diagnostics;

import dev.ortrain.benchmarks.Workload;
import dev.ortrain.benchmarks.Workloads;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtTrainingSession;
import dev.ortrain.artifacts.ArtifactPaths;
import dev.ortrain.layout.BlockedArtifacts;
import dev.ortrain.ort.NativeLibrary;
import dev.ortrain.ort.SessionOptionsFactory;
import dev.ortrain.session.SessionConfig;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Compares the training steps of artifacts written by different versions of ortrain, in one JVM: the way to
 * measure a change to the generated graphs. {@code write DIR [mlp|cnn|FILE.onnx]} writes the benchmark model's
 * (or a model PyTorch exported) artifacts
 * as this build generates them and specializes them for this CPU as ortrain's sessions do (a paths.txt in DIR
 * names the four files); check out another version, write to another directory, then {@code compare BATCH
 * ROUNDS DIR...} opens a training session (2 threads, ortrain's session options) on each and times about 1,024
 * samples of steps per session per round, the sessions in a fresh random order each round, with a pause between
 * them. It prints each one's median time per step and its per-round ratio to the first. Run (after {@code mvn -B
 * -q install -DskipTests}): {@code mvn -B -q -pl benchmarks exec:java
 * -Dexec.mainClass=dev.ortrain.benchmarks.diagnostics.ArtifactComparison -Dexec.args="compare 256 20 /tmp/before /tmp/after"}.
 */
public final class ArtifactComparison {
  private static final String PATHS = "paths.txt";

  private ArtifactComparison() {}

  public static void main(String[] args) throws Exception {
    if (args.length >= 2 && args[0].equals("write")) {
      write(Path.of(args[1]), args.length > 2 ? args[2] : "cnn");
    } else if (args.length >= 4 && args[0].equals("compare")) {
      List<Path> dirs = new ArrayList<>();
      for (int i = 3; i < args.length; i++) {
        dirs.add(Path.of(args[i]));
      }
      compare(Integer.parseInt(args[1]), Integer.parseInt(args[2]), dirs);
    } else {
      throw new IllegalArgumentException("Usage: write DIR [mlp|cnn|FILE.onnx]  |  compare BATCH ROUNDS DIR [DIR...]");
    }
  }

  static void write(Path dir, String model) throws Exception {
    // A model PyTorch exported (torch_worker.py --export) when the name is an .onnx file.
    ArtifactPaths paths = (model.endsWith(".onnx") ? Workloads.importedArtifacts(Path.of(model))
        : Workloads.artifacts(model, 1L)).build()
        .writeTo(Files.createDirectories(dir.resolve("standard")));
    paths = BlockedArtifacts.specialize(paths, NativeLibrary.environment(),
        Files.createDirectories(dir.resolve("specialized"))).orElse(paths);
    Files.write(dir.resolve(PATHS), List.of(paths.checkpoint().toString(), paths.trainingModel().toString(),
        paths.evalModel().toString(), paths.optimizerModel().toString()));
    System.out.println("Wrote " + model + " artifacts to " + dir);
  }

  static void compare(int batch, int rounds, List<Path> dirs) throws Exception {
    OrtEnvironment env = NativeLibrary.environment();
    int steps = Math.max(1, 1024 / batch);
    SplittableRandom random = new SplittableRandom(3);
    float[] images = new float[batch * 784];
    long[] labels = new long[batch];
    for (int i = 0; i < images.length; i++) {
      images[i] = random.nextDouble() < 0.5 ? 0f : (float) random.nextDouble(); // zeros: ties in the pools
    }
    for (int i = 0; i < batch; i++) {
      labels[i] = random.nextInt(10);
    }
    List<OrtTrainingSession> sessions = new ArrayList<>();
    List<OrtSession.SessionOptions> options = new ArrayList<>();
    List<Map<String, OnnxTensor>> feeds = new ArrayList<>();
    try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(images), new long[] {batch, 1, 28, 28});
        OnnxTensor y = OnnxTensor.createTensor(env, LongBuffer.wrap(labels), new long[] {batch});
        OnnxTensor scale = OnnxTensor.createTensor(env, 1f)) {
      for (Path dir : dirs) {
        List<String> p = Files.readAllLines(dir.resolve(PATHS));
        OrtSession.SessionOptions o = SessionOptionsFactory.create(SessionConfig.defaults().withThreads(2));
        options.add(o);
        OrtTrainingSession s = env.createTrainingSession(p.get(0), p.get(1), p.get(2), p.get(3), o);
        sessions.add(s);
        Map<String, OnnxTensor> feed = new LinkedHashMap<>();
        for (String name : s.getTrainInputNames()) {
          feed.put(name, name.equals("input") ? x : name.equals("target") ? y : scale);
        }
        feeds.add(feed);
      }
      List<List<Double>> millis = new ArrayList<>();
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < dirs.size(); i++) {
        millis.add(new ArrayList<>());
        order.add(i);
      }
      Random shuffler = new Random(11);
      for (int round = -3; round < rounds; round++) { // three unrecorded warm-up rounds
        Collections.shuffle(order, shuffler);
        for (int i : order) {
          long start = System.nanoTime();
          for (int k = 0; k < steps; k++) {
            step(sessions.get(i), feeds.get(i));
          }
          if (round >= 0) {
            millis.get(i).add((System.nanoTime() - start) / 1e6 / steps);
          }
          Thread.sleep(50); // ONNX Runtime's threads spin a while after a run
        }
      }
      for (int i = 0; i < dirs.size(); i++) {
        List<Double> ratios = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
          ratios.add(millis.get(i).get(r) / millis.get(0).get(r));
        }
        System.out.printf("%-40s %.2f ms/step [%.2f-%.2f], time over the first %.3f [%.3f-%.3f]%n", dirs.get(i),
            median(millis.get(i)), Collections.min(millis.get(i)), Collections.max(millis.get(i)), median(ratios),
            Collections.min(ratios), Collections.max(ratios));
      }
    } finally {
      for (OrtTrainingSession s : sessions) {
        s.close();
      }
      options.forEach(OrtSession.SessionOptions::close);
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
