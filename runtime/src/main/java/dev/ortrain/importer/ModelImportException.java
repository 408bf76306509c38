package dev.ortrain.importer;

/** An ONNX model cannot be made trainable; the message says why and what to do about it. */
public class ModelImportException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ModelImportException(String message) {
    super(message);
  }

  public ModelImportException(String message, Throwable cause) {
    super(message, cause);
  }
}
