package dev.ortrain.layout;

import ai.onnxruntime.OrtEnvironment;
import dev.ortrain.artifacts.ArtifactNames;
import dev.ortrain.artifacts.ArtifactPaths;
import dev.ortrain.graph.OnnxModels;
import dev.ortrain.onnx.proto.Onnx.ModelProto;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Training artifacts specialized for this machine's CPU: the training and eval models with their
 * convolutions on the NCHWc kernels ({@link BlockedLayout}), written to a directory of their own. The
 * artifacts themselves stay portable (and keep the run's fingerprint); only the session that runs them here
 * sees the blocked graphs. The optimizer model and the checkpoint are used as they are.
 */
public final class BlockedArtifacts {
  /** The smallest block size; a Conv that qualifies at any block size qualifies at this one. */
  private static final int SMALLEST_BLOCK = 8;

  private BlockedArtifacts() {}

  /**
   * Writes the specialized models into {@code dir} and returns the artifacts to open, or empty when no
   * convolution qualifies or this ONNX Runtime has no NCHWc kernels (then open {@code paths} as they are).
   */
  public static Optional<ArtifactPaths> specialize(ArtifactPaths paths, OrtEnvironment env, Path dir) {
    ModelProto training = OnnxModels.read(paths.trainingModel());
    ModelProto eval = OnnxModels.read(paths.evalModel());
    if (BlockedLayout.candidates(training, SMALLEST_BLOCK).isEmpty()
        && BlockedLayout.candidates(eval, SMALLEST_BLOCK).isEmpty()) {
      return Optional.empty();
    }
    OptionalInt block = BlockSizeProbe.detect(env);
    if (block.isEmpty()) {
      return Optional.empty();
    }
    ModelProto blockedTraining = BlockedLayout.rewrite(training, block.getAsInt());
    ModelProto blockedEval = BlockedLayout.rewrite(eval, block.getAsInt());
    if (blockedTraining == training && blockedEval == eval) {
      return Optional.empty();
    }
    Path trainingFile = dir.resolve(ArtifactNames.TRAINING_MODEL);
    Path evalFile = dir.resolve(ArtifactNames.EVAL_MODEL);
    OnnxModels.write(blockedTraining, trainingFile);
    OnnxModels.write(blockedEval, evalFile);
    return Optional.of(new ArtifactPaths(trainingFile, evalFile, paths.optimizerModel(), paths.checkpoint()));
  }
}
