package dev.ortrain.nn;

/**
 * An input shape a layer cannot take. Thrown by a layer with what is wrong and how to fix it; each
 * enclosing {@link Sequential} adds where the layer sits, giving messages such as
 * {@code Layer 7 (Linear 3000->128) expects input [batch, 3000] but gets [batch, 3136]; set in_features to 3136}.
 */
public final class ShapeMismatchException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String detail;
  private final String layerPath;
  private final String layerDescription;

  /** @param detail what the layer expects, what it gets and how to fix it, without the layer's position */
  public ShapeMismatchException(String detail) {
    this(detail, null, null);
  }

  private ShapeMismatchException(String detail, String layerPath, String layerDescription) {
    super(layerPath == null ? detail : "Layer " + layerPath + " (" + layerDescription + ") " + detail);
    this.detail = detail;
    this.layerPath = layerPath;
    this.layerDescription = layerDescription;
  }

  /** The same problem located one level further out: inside the layer called {@code localName}. */
  ShapeMismatchException inside(String localName, Layer layer) {
    ShapeMismatchException located = layerPath == null
        ? new ShapeMismatchException(detail, localName, layer.describe())
        : new ShapeMismatchException(detail, localName + "." + layerPath, layerDescription);
    located.setStackTrace(getStackTrace());
    return located;
  }

  /** The failing layer's path, such as {@code 7} or {@code block.1}; null before it is located. */
  public String layerPath() {
    return layerPath;
  }

  /** The problem without the layer's position. */
  public String detail() {
    return detail;
  }
}
