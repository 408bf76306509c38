package dev.ortrain.session;

import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;

/**
 * ONNX Runtime session settings that change speed, not results: graph optimization level, parallel
 * execution of independent nodes, and whether idle intra-op threads spin.
 *
 * @param optimizationLevel graph optimization level; null = ONNX Runtime's default (all optimizations)
 * @param parallelExecution run independent nodes concurrently on the inter-op pool (ORT's parallel mode)
 * @param allowSpinning whether intra-op threads spin while waiting for work ({@code
 *     session.intra_op.allow_spinning}); null = ONNX Runtime's default (spin)
 */
public record OrtTuning(OptLevel optimizationLevel, boolean parallelExecution, Boolean allowSpinning) {
  /** ONNX Runtime's defaults. */
  public static OrtTuning defaults() {
    return new OrtTuning(null, false, null);
  }

  public OrtTuning withOptimizationLevel(OptLevel level) {
    return new OrtTuning(level, parallelExecution, allowSpinning);
  }

  public OrtTuning withParallelExecution(boolean parallel) {
    return new OrtTuning(optimizationLevel, parallel, allowSpinning);
  }

  public OrtTuning withAllowSpinning(Boolean spin) {
    return new OrtTuning(optimizationLevel, parallelExecution, spin);
  }
}
