package dev.ortrain.gradients;

import dev.ortrain.graph.Attributes;
import dev.ortrain.graph.DataType;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.TensorType;
import dev.ortrain.onnx.proto.Onnx.NodeProto;

/**
 * Training form of {@code Dropout}: Y = X · mask · 1/(1 − ratio) with the mask a new graph input. ONNX
 * Runtime's Dropout kernel draws from a generator whose position is not checkpointed, so a resumed run
 * would drop different elements; a mask fed from Java makes training reproducible across resumes. The
 * gradient then flows through the Mul rules.
 */
final class DropoutRewrite {
  /** ONNX's default dropout ratio. */
  static final float DEFAULT_RATIO = 0.5f;
  static final String MASK_SUFFIX = ".mask";

  private DropoutRewrite() {}

  /**
   * The mask the session feeds, or null for a dropout of ratio 0 whose mask nobody reads, which becomes an
   * Identity (exporters keep a dropout of ratio 0, and drawing masks for it costs a random number per value).
   */
  static DropoutMask rewrite(GraphBuilder graph, NodeProto n, boolean maskIsRead) {
    String x = n.getInput(0);
    String y = n.getOutput(0);
    float ratio = ratio(graph, n);
    if (ratio == 0 && !maskIsRead) {
      graph.nodes().add(NodeProto.newBuilder().setOpType("Identity").setName(n.getName()).addInput(x).addOutput(y)
          .build());
      return null;
    }
    TensorType type = graph.typeOf(x) != null ? graph.typeOf(x) : graph.typeOf(y);
    if (type == null) {
      throw new IllegalStateException("The shape of '" + x + "' (input of Dropout node '" + n.getName()
          + "') is unknown, so its mask input cannot be declared; run shape inference on the model");
    }
    if (type.dataType() != DataType.FLOAT) {
      throw new UnsupportedOperationException("Dropout node '" + n.getName() + "' drops " + type
          + " values; ortrain trains float32 models only");
    }
    TensorType maskType = TensorType.floats(type.shape());
    String mask = graph.input(y + MASK_SUFFIX, maskType);
    String kept = graph.node("Mul").inputs(x, mask).output(y + "_kept");
    graph.valueType(kept, type);
    String scale = graph.scalar(y + "_dropout_scale", 1f / (1f - ratio));
    // Y keeps its name, so the node is added directly instead of through the builder.
    graph.nodes().add(NodeProto.newBuilder().setOpType("Mul").setName(n.getName()).addInput(kept).addInput(scale)
        .addOutput(y).build());
    if (graph.typeOf(y) == null) {
      graph.valueType(y, type);
    }
    if (n.getOutputCount() > 1 && !n.getOutput(1).isEmpty()) {
      // Consumers of Dropout's boolean mask output get the fed mask.
      graph.nodes().add(NodeProto.newBuilder().setOpType("Cast").setName(graph.freshName(y + "_mask_cast"))
          .addInput(mask).addOutput(n.getOutput(1))
          .addAttribute(Attributes.of("to", (long) DataType.BOOL.onnxCode())).build());
    }
    return new DropoutMask(mask, ratio, maskType);
  }

  /** The ratio input (a constant), the ratio attribute of opsets before 12, or ONNX's default 0.5. */
  static float ratio(GraphBuilder graph, NodeProto n) {
    float ratio = DEFAULT_RATIO;
    if (n.getInputCount() > 1 && !n.getInput(1).isEmpty()) {
      Float constant = ConstantValues.scalar(graph, n.getInput(1));
      if (constant == null) {
        throw new UnsupportedOperationException("Dropout node '" + n.getName() + "' takes its ratio from '"
            + n.getInput(1) + "', which is computed at run time; ortrain needs a constant ratio (an initializer"
            + " or Constant) to scale the mask it feeds");
      }
      ratio = constant;
    } else if (Attributes.find(n, "ratio") != null) {
      ratio = Attributes.getFloat(n, "ratio", DEFAULT_RATIO);
    }
    if (!(ratio >= 0 && ratio < 1)) {
      throw new IllegalArgumentException("Dropout node '" + n.getName() + "' has ratio " + ratio
          + "; it must be in [0, 1)");
    }
    return ratio;
  }
}
