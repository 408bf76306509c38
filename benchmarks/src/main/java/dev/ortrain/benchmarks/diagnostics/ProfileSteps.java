package dev.ortrain.benchmarks.diagnostics;

import dev.ortrain.benchmarks.Workload;
import dev.ortrain.benchmarks.Workloads;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtTrainingSession;
import dev.ortrain.artifacts.ArtifactPaths;
import dev.ortrain.gradients.GradientFormulation;
import dev.ortrain.gradients.GradientRegistry;
import dev.ortrain.ort.NativeLibrary;
import dev.ortrain.ort.SessionOptionsFactory;
import dev.ortrain.session.SessionConfig;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes an ONNX Runtime profile (JSON, per-node times) of CNN training steps for one gradient formulation
 * ({@code -Donnx=FILE}: of a model PyTorch exported, on [batch, 1, 28, 28] images, instead of the CNN).
 * Args: {@code kernels|ops|ops-everywhere|dx-valuemask|dw-valuemask|ops-kernelpool|kernels-valuemask} batch steps
 * outputPrefix [optimization level: NO_OPT|BASIC_OPT|EXTENDED_OPT|ALL_OPT] [standard-conv: without the NCHWc
 * convolutions ortrain's CPU sessions use].
 */
public final class ProfileSteps {
  private ProfileSteps() {}

  public static void main(String[] args) throws Exception {
    GradientFormulation f = switch (args[0]) {
      case "kernels" -> GradientFormulation.trainingKernels();
      case "ops" -> GradientFormulation.standardOps();
      case "ops-everywhere" -> GradientFormulation.standardOps().withConv(GradientFormulation.Conv.STANDARD_OPS);
      case "dx-valuemask" -> GradientFormulation.standardOps().withConv(GradientFormulation.Conv.STANDARD_OPS_DX);
      case "dw-valuemask" -> GradientFormulation.standardOps().withConv(GradientFormulation.Conv.STANDARD_OPS_DW);
      case "ops-kernelpool" -> GradientFormulation.trainingKernels().withConv(GradientFormulation.Conv.STANDARD_OPS);
      case "kernels-valuemask" -> GradientFormulation.trainingKernels()
          .withMaxPool(GradientFormulation.MaxPool.VALUE_MASK);
      default -> throw new IllegalArgumentException(args[0]);
    };
    int batch = Integer.parseInt(args[1]);
    int steps = Integer.parseInt(args[2]);
    Path dir = Files.createTempDirectory("ortrain-profile");
    String onnx = System.getProperty("onnx"); // a model PyTorch exported (torch_worker.py --export) instead
    ArtifactPaths paths = (onnx != null ? Workloads.importedArtifacts(Path.of(onnx)) : Workloads.artifacts("cnn", 1L))
        .gradientRegistry(GradientRegistry.standard(f)).build().writeTo(dir);
    OrtEnvironment env = NativeLibrary.environment();
    if (args.length <= 5 || !args[5].equals("standard-conv")) { // the graphs ortrain's CPU session runs
      paths = dev.ortrain.layout.BlockedArtifacts.specialize(paths, env, Files.createTempDirectory("blocked"))
          .orElse(paths);
    }
    dev.ortrain.session.OrtTuning tuning = dev.ortrain.session.OrtTuning.defaults();
    if (args.length > 4) {
      tuning = tuning.withOptimizationLevel(OrtSession.SessionOptions.OptLevel.valueOf(args[4]));
    }
    OrtSession.SessionOptions options =
        SessionOptionsFactory.create(SessionConfig.defaults().withThreads(2).withTuning(tuning));
    options.enableProfiling(args[3]);
    float[] x = new float[batch * 784];
    long[] y = new long[batch];
    for (int i = 0; i < x.length; i++) {
      x[i] = (i * 7919 % 1000) / 1000f;
    }
    for (int i = 0; i < batch; i++) {
      y[i] = i % 10;
    }
    try (OrtTrainingSession s = env.createTrainingSession(paths.checkpoint().toString(),
        paths.trainingModel().toString(), paths.evalModel().toString(), paths.optimizerModel().toString(), options);
        OnnxTensor xt = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {batch, 1, 28, 28});
        OnnxTensor yt = OnnxTensor.createTensor(env, LongBuffer.wrap(y), new long[] {batch});
        OnnxTensor scale = OnnxTensor.createTensor(env, 1f)) {
      Map<String, OnnxTensor> feed = new LinkedHashMap<>();
      for (String name : s.getTrainInputNames()) {
        feed.put(name, name.equals("input") ? xt : name.equals("target") ? yt : scale);
      }
      for (int i = 0; i < steps; i++) {
        s.trainStep(feed).close();
        s.optimizerStep();
        s.lazyResetGrad();
      }
    }
    options.close();
  }
}
