package dev.ortrain.ort;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.ortrain.session.OrtTuning;
import dev.ortrain.session.SessionConfig;

/** Builds ONNX Runtime session options from a {@link SessionConfig}, including the execution provider. */
public final class SessionOptionsFactory {
  private SessionOptionsFactory() {}

  public static OrtSession.SessionOptions create(SessionConfig config) {
    NativeLibrary.environment();
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    try {
      // 0 means one thread per available processor. ONNX Runtime's own default counts physical cores, which
      // on a 2-vCPU machine can be one thread, and trains slower (docs/performance-notes.md).
      options.setIntraOpNumThreads(config.intraOpThreads() > 0
          ? config.intraOpThreads() : Runtime.getRuntime().availableProcessors());
      if (config.interOpThreads() > 0) {
        options.setInterOpNumThreads(config.interOpThreads());
      }
      OrtTuning tuning = config.tuning();
      if (tuning.optimizationLevel() != null) {
        options.setOptimizationLevel(tuning.optimizationLevel());
      }
      if (tuning.parallelExecution()) {
        options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.PARALLEL);
      }
      if (tuning.allowSpinning() != null) {
        options.addConfigEntry("session.intra_op.allow_spinning", tuning.allowSpinning() ? "1" : "0");
      }
      if (config.device() instanceof Device.Cuda cuda) {
        CudaSupport.enable(options, cuda);
      }
      return options;
    } catch (OrtException e) {
      options.close();
      throw new IllegalStateException("Invalid session options " + config + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      options.close();
      throw e;
    }
  }
}
