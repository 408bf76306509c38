package dev.ortrain.importer;

/** Shape inference could not type a node's outputs; the message names the node and the reason. */
final class ShapeInferenceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ShapeInferenceException(String message) {
    super(message);
  }
}
