package dev.ortrain.checkpoint;

/** A checkpoint file that cannot be a valid ONNX Runtime checkpoint. */
public class CorruptCheckpointException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public CorruptCheckpointException(String source, String problem) {
    super("Checkpoint " + source + " is unusable: " + problem + ".");
  }
}
