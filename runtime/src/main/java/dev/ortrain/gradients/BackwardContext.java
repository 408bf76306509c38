package dev.ortrain.gradients;

import dev.ortrain.graph.Attributes;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.TensorType;
import dev.ortrain.onnx.proto.Onnx.NodeProto;

/** What a {@link GradientRule} sees of the graph while it differentiates one forward node. */
public final class BackwardContext {
  private final GradientBuilder owner;
  private final NodeProto node;

  BackwardContext(GradientBuilder owner, NodeProto node) {
    this.owner = owner;
    this.node = node;
  }

  public NodeProto node() {
    return node;
  }

  public GraphBuilder graph() {
    return owner.graph();
  }

  /** Name of forward input {@code i}, or "" when the optional input is absent. */
  public String input(int i) {
    return i < node.getInputCount() ? node.getInput(i) : "";
  }

  public String output(int i) {
    return i < node.getOutputCount() ? node.getOutput(i) : "";
  }

  /** The gradient of forward output {@code i}, or null when no gradient reaches it (it is zero). */
  public String outputGradient(int i) {
    String out = output(i);
    return out.isEmpty() ? null : owner.gradientOf(out);
  }

  /** Whether the gradient of forward input {@code i} is needed (some trainable parameter lies upstream). */
  public boolean needsGradient(int i) {
    String in = input(i);
    return !in.isEmpty() && owner.requiresGradient(in);
  }

  /** A fresh name for the gradient of input {@code i}, or "" when it is not needed (an omitted output). */
  public String gradientName(int i) {
    return needsGradient(i) ? owner.gradientName(input(i)) : "";
  }

  /**
   * Like {@link #gradientName} but never "": kernels whose outputs are all required (BatchNormalizationGrad,
   * LayerNormalizationGrad) get a scratch name for a gradient nobody consumes.
   */
  public String gradientOrScratchName(int i) {
    return needsGradient(i) ? owner.gradientName(input(i)) : fresh(input(i) + "_unused_grad");
  }

  /** Registers the value holding the gradient of input {@code i} (ignored when it is not needed). */
  public void setInputGradient(int i, String gradientValue) {
    if (needsGradient(i) && gradientValue != null && !gradientValue.isEmpty()) {
      owner.addGradient(input(i), gradientValue);
    }
  }

  /**
   * Registers leftᵀ·right (matrices with the same rows) as the gradient of input {@code i}; the builder sums
   * all such contributions to one value as a single product (see GradientBuilder#addProduct).
   */
  public void setInputGradientAsProduct(int i, String left, String right) {
    if (needsGradient(i)) {
      owner.addProduct(input(i), new GradientBuilder.Product(left, right));
    }
  }

  /** The type of a forward value; fails with the node's name when shape information is missing. */
  public TensorType typeOf(String value) {
    TensorType t = graph().typeOf(value);
    if (t == null) {
      throw new IllegalStateException("The shape of '" + value + "' (used by " + describe()
          + ") is unknown; the gradient of " + node.getOpType() + " needs it. Run shape inference on the model.");
    }
    return t;
  }

  /** A new value name derived from the hint. */
  public String fresh(String hint) {
    return graph().freshName(hint);
  }

  public long intAttr(String name, long fallback) {
    return Attributes.getInt(node, name, fallback);
  }

  public float floatAttr(String name, float fallback) {
    return Attributes.getFloat(node, name, fallback);
  }

  public String stringAttr(String name, String fallback) {
    return Attributes.getString(node, name, fallback);
  }

  public long[] intsAttr(String name, long[] fallback) {
    return Attributes.getInts(node, name, fallback);
  }

  /** "Conv node 'conv1'" — for error messages. */
  public String describe() {
    return node.getOpType() + " node '" + node.getName() + "'";
  }
}
