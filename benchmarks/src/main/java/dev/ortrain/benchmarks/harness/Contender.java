package dev.ortrain.benchmarks.harness;

import dev.ortrain.benchmarks.Workload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A trainer under measurement: its name in the tables, the command that starts its worker, and whether it is
 * ours. {@link #available} says why a contender cannot run on this machine (a missing install step).
 */
record Contender(String id, String name, List<String> command, Optional<String> unavailable) {
  static final String FRAMEWORK = "ortrain";
  static final String FRAMEWORK_LOGGING = "ortrain+logging";
  static final String RAW_ORT = "raw-ort";
  static final String PYTORCH = "pytorch";
  static final String LIGHTNING = "lightning";
  static final String LIGHTNING_DEFAULTS = "lightning+defaults";
  static final String DL4J = "dl4j";
  static final List<String> ALL = List.of(FRAMEWORK, RAW_ORT, PYTORCH, LIGHTNING, DL4J, FRAMEWORK_LOGGING,
      LIGHTNING_DEFAULTS);

  /**
   * The contenders of the models PyTorch exports: ortrain and the raw ORT loop train the export, PyTorch the
   * model itself. Deeplearning4j's worker builds only the MLP and CNN; Lightning and the logging variants
   * measure a loop's overhead, which the MLP and CNN already show, and would add a third to the suite's time.
   */
  private static final List<String> OF_PYTORCH_EXPORTS = List.of(FRAMEWORK, RAW_ORT, PYTORCH);

  /** Whether the suite runs this contender on {@code model}. */
  boolean trains(Workload model) {
    return !model.importedFromPyTorch() || OF_PYTORCH_EXPORTS.contains(id);
  }

  /** Whether this contender trains an imported copy of the model, which its setup request must name. */
  boolean importsOnnx() {
    return id.equals(FRAMEWORK) || id.equals(FRAMEWORK_LOGGING) || id.equals(RAW_ORT);
  }

  static Contender of(String id, Path root, String python) {
    String cp = System.getProperty("java.class.path");
    String worker = "dev.ortrain.benchmarks.worker.WorkerMain";
    Path torch = torchScript(root);
    return switch (id) {
      case FRAMEWORK -> new Contender(id, "ortrain", WorkerProcess.javaCommand(cp, worker, "framework"),
          Optional.empty());
      case FRAMEWORK_LOGGING -> new Contender(id, "ortrain + progress bar, metrics files",
          WorkerProcess.javaCommand(cp, worker, "framework-logging"), Optional.empty());
      case RAW_ORT -> new Contender(id, "raw ORT loop", WorkerProcess.javaCommand(cp, worker, "raw-ort"),
          Optional.empty());
      case PYTORCH -> python(id, "PyTorch", python, torch, "pytorch");
      case LIGHTNING -> python(id, "Lightning", python, torch, "lightning");
      case LIGHTNING_DEFAULTS -> python(id, "Lightning + progress bar, logger", python, torch,
          "lightning-defaults");
      case DL4J -> dl4j(root);
      default -> throw new IllegalArgumentException("Unknown contender " + id + "; known: " + ALL);
    };
  }

  /** The PyTorch and Lightning peers' worker, which also exports the models ortrain imports. */
  static Path torchScript(Path root) {
    return root.resolve("benchmarks/python/torch_worker.py");
  }

  private static Contender python(String id, String name, String python, Path script, String peer) {
    return new Contender(id, name, List.of(python, script.toString(), "--peer", peer),
        Files.exists(script) ? Optional.empty() : Optional.of(script + " is missing"));
  }

  private static Contender dl4j(Path root) {
    Path module = root.resolve("benchmarks-dl4j/target");
    Path cpFile = module.resolve("classpath.txt");
    if (!Files.exists(cpFile)) {
      return new Contender(DL4J, "Deeplearning4j", List.of(), Optional.of(
          "not built: run the suite through benchmarks/run.sh, or build with `mvn -Pdl4j -pl benchmarks-dl4j -am"
              + " package -DskipTests`"));
    }
    try {
      String cp = module.resolve("classes") + java.io.File.pathSeparator + Files.readString(cpFile).trim();
      return new Contender(DL4J, "Deeplearning4j",
          WorkerProcess.javaCommand(cp, "dev.ortrain.benchmarks.dl4j.Dl4jWorker"), Optional.empty());
    } catch (java.io.IOException e) {
      return new Contender(DL4J, "Deeplearning4j", List.of(), Optional.of("cannot read " + cpFile + ": " + e));
    }
  }
}
