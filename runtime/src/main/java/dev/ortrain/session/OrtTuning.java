package dev.ortrain.session;

import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;

/**
 * ONNX Runtime session settings that change speed, not results (beyond float rounding): graph optimization
 * level, parallel execution of independent nodes, whether idle intra-op threads spin, and whether CPU
 * sessions run convolutions on the channel-blocked kernels.
 *
 * @param optimizationLevel graph optimization level; null = ONNX Runtime's default (ALL_OPT)
 * @param parallelExecution run independent nodes concurrently on the inter-op pool (ORT's parallel mode)
 * @param allowSpinning whether intra-op threads spin while waiting for work ({@code
 *     session.intra_op.allow_spinning}); null = ONNX Runtime's default (spin)
 * @param blockedLayout on the CPU, open the artifacts with their qualifying convolutions on ONNX
 *     Runtime's NCHWc kernels ({@link dev.ortrain.layout.BlockedArtifacts}); ignored on CUDA
 */
public record OrtTuning(OptLevel optimizationLevel, boolean parallelExecution, Boolean allowSpinning,
    boolean blockedLayout) {
  /** With blocked convolutions. */
  public OrtTuning(OptLevel optimizationLevel, boolean parallelExecution, Boolean allowSpinning) {
    this(optimizationLevel, parallelExecution, allowSpinning, true);
  }

  /**
   * ortrain's defaults: EXTENDED_OPT graph optimizations, sequential execution, ONNX Runtime's spinning.
   * ALL_OPT adds the NCHWc layout transform, which cannot reach the convolutions of a training or eval
   * graph (their weights are graph inputs, not constants) but moves pooling and resizing into the blocked
   * layout and back, which costs more than it gains (docs/performance-notes.md). Blocked convolutions are on.
   */
  public static OrtTuning defaults() {
    return new OrtTuning(OptLevel.EXTENDED_OPT, false, null);
  }

  /** ONNX Runtime's own defaults (ALL_OPT), and the artifacts' graphs as they are. */
  public static OrtTuning onnxRuntimeDefaults() {
    return new OrtTuning(null, false, null, false);
  }

  public OrtTuning withOptimizationLevel(OptLevel level) {
    return new OrtTuning(level, parallelExecution, allowSpinning, blockedLayout);
  }

  public OrtTuning withParallelExecution(boolean parallel) {
    return new OrtTuning(optimizationLevel, parallel, allowSpinning, blockedLayout);
  }

  public OrtTuning withAllowSpinning(Boolean spin) {
    return new OrtTuning(optimizationLevel, parallelExecution, spin, blockedLayout);
  }

  public OrtTuning withBlockedLayout(boolean blocked) {
    return new OrtTuning(optimizationLevel, parallelExecution, allowSpinning, blocked);
  }
}
