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
 * Training artifacts specialized for this machine's CPU: the training model with its convolutions (and what
 * follows them) on the NCHWc kernels ({@link BlockedLayout}), written to a directory of their own. The
 * artifacts themselves stay portable (and keep the run's fingerprint); only the session that runs them here
 * sees the blocked graph. The eval model stays as written: ONNX Runtime reads it again to export the inference
 * model, which must run anywhere. The optimizer model and the checkpoint are used as they are.
 */
public final class BlockedArtifacts {
  /** The smallest block size; a Conv that qualifies at any block size qualifies at this one. */
  private static final int SMALLEST_BLOCK = 8;

  private BlockedArtifacts() {}

  /**
   * Writes the specialized training model into {@code dir} and returns the artifacts to open, or empty when no
   * convolution qualifies or this ONNX Runtime has no NCHWc kernels (then open {@code paths} as they are). The
   * file must outlive the session opened on it.
   */
  public static Optional<ArtifactPaths> specialize(ArtifactPaths paths, OrtEnvironment env, Path dir) {
    return blockedTrainingModel(OnnxModels.read(paths.trainingModel()), env)
        .map(blocked -> withTrainingModel(paths, blocked, dir));
  }

  /**
   * The training model with its qualifying convolutions blocked at this machine's block size, or empty when
   * none qualifies or this ONNX Runtime has no NCHWc kernels.
   */
  public static Optional<ModelProto> blockedTrainingModel(ModelProto training, OrtEnvironment env) {
    if (BlockedLayout.candidates(training, SMALLEST_BLOCK).isEmpty()) {
      return Optional.empty(); // nothing to block: no need to probe
    }
    OptionalInt block = BlockSizeProbe.detect(env);
    if (block.isEmpty()) {
      return Optional.empty();
    }
    ModelProto blocked = BlockedLayout.rewrite(training, block.getAsInt());
    return blocked == training ? Optional.empty() : Optional.of(blocked);
  }

  /** The artifacts with {@code training} written into {@code dir} as their training model. */
  public static ArtifactPaths withTrainingModel(ArtifactPaths paths, ModelProto training, Path dir) {
    Path trainingFile = dir.resolve(ArtifactNames.TRAINING_MODEL);
    OnnxModels.write(training, trainingFile);
    return new ArtifactPaths(trainingFile, paths.evalModel(), paths.optimizerModel(), paths.checkpoint());
  }
}
