package dev.ortrain.artifacts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where the artifacts of one training setup live. */
public record ArtifactPaths(Path trainingModel, Path evalModel, Path optimizerModel, Path checkpoint) {

  /** The standard file names inside a directory (ortrain's and ONNX Runtime's Python tooling's). */
  public static ArtifactPaths in(Path dir) {
    return new ArtifactPaths(dir.resolve(ArtifactNames.TRAINING_MODEL), dir.resolve(ArtifactNames.EVAL_MODEL),
        dir.resolve(ArtifactNames.OPTIMIZER_MODEL), dir.resolve(ArtifactNames.CHECKPOINT));
  }

  /** The same models with another checkpoint file. */
  public ArtifactPaths withCheckpoint(Path file) {
    return new ArtifactPaths(trainingModel, evalModel, optimizerModel, file);
  }

  /** Fails with one message naming every missing file. */
  public ArtifactPaths requireExisting() {
    List<String> missing = new ArrayList<>();
    for (Path p : List.of(trainingModel, evalModel, optimizerModel, checkpoint)) {
      if (!Files.isRegularFile(p)) {
        missing.add(p.toString());
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("Training artifacts are incomplete; missing: " + String.join(", ", missing)
          + ". Generate them with ArtifactBuilder or ONNX Runtime's artifacts tooling.");
    }
    return this;
  }
}
