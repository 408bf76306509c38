package dev.ortrain.benchmarks.harness;

import dev.ortrain.benchmarks.Workload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Writes a model as PyTorch's peer builds it (same seed, so the same initial weights) to an ONNX file, through
 * {@code torch_worker.py --export}, for the ONNX Runtime contenders to import.
 */
final class ModelExport {
  private static final long TIMEOUT_SECONDS = 300;

  private ModelExport() {}

  /** The command that exports {@code model} with {@code seed} to {@code file}. */
  static List<String> command(String python, Path script, Workload model, long seed, Path file) {
    if (!model.importedFromPyTorch()) {
      throw new IllegalArgumentException(model.id() + " is built by ortrain's Java API, not exported from PyTorch");
    }
    return List.of(python, script.toString(), "--export", model.id(), "--seed", String.valueOf(seed), "--out",
        file.toString());
  }

  /** Runs the export into {@code dir}; its output goes to {@code log}. Returns the ONNX file. */
  static Path run(String python, Path script, Workload model, long seed, Path dir, Map<String, String> env,
      Path log) throws IOException {
    Path file = dir.resolve(model.id() + "-seed" + seed + ".onnx");
    ProcessBuilder pb = new ProcessBuilder(command(python, script, model, seed, file));
    pb.environment().putAll(env);
    pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Process p = pb.start();
    try {
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("The export of " + model.id() + " took over " + TIMEOUT_SECONDS + " s; see " + log);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("Interrupted while exporting " + model.id(), e);
    }
    if (p.exitValue() != 0 || !Files.isRegularFile(file)) {
      throw new IOException("The export of " + model.id() + " failed (exit code " + p.exitValue() + "); see " + log);
    }
    return file;
  }
}
