package dev.ortrain.artifacts;

import dev.ortrain.checkpoint.OrtCheckpoint;
import dev.ortrain.graph.OnnxModels;
import dev.ortrain.onnx.proto.Onnx.ModelProto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The four artifacts ONNX Runtime's training session is created from, in memory. */
public record TrainingArtifacts(ModelProto trainingModel, ModelProto evalModel, ModelProto optimizerModel,
    OrtCheckpoint checkpoint) {

  /** Writes the artifacts under their standard file names into {@code dir} (created if needed). */
  public ArtifactPaths writeTo(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create artifact directory " + dir, e);
    }
    ArtifactPaths paths = ArtifactPaths.in(dir);
    OnnxModels.write(trainingModel, paths.trainingModel());
    OnnxModels.write(evalModel, paths.evalModel());
    OnnxModels.write(optimizerModel, paths.optimizerModel());
    checkpoint.write(paths.checkpoint());
    return paths;
  }
}
