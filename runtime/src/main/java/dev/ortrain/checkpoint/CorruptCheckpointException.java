package dev.ortrain.checkpoint;

/** A checkpoint file that cannot be a valid ONNX Runtime checkpoint. */
public class CorruptCheckpointException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String problem;

  public CorruptCheckpointException(String source, String problem) {
    super("Checkpoint " + source + " is unusable: " + problem + ".");
    this.problem = problem;
  }

  /** What is wrong, without the file's name ("its structure is damaged (...)"). */
  public String problem() {
    return problem;
  }
}
