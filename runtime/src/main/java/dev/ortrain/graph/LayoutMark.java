package dev.ortrain.graph;

import dev.ortrain.onnx.proto.Onnx.NodeProto;
import java.util.regex.Pattern;

/**
 * A node a gradient rule emits in a form the CPU layout pass ({@code dev.ortrain.layout}) rewrites: the rule
 * names the node's output with {@link #output}, the pass asks {@link #marks}. The mark lives in the output
 * name, not in an attribute, because ONNX Runtime rejects attributes a standard operator does not declare and
 * the portable artifacts must stay as they are.
 */
public enum LayoutMark {
  /**
   * The MatMul of Σ_n A[n] · X[n] channels-last, A [N, R, H·W], which a ReduceSum over the batch follows (a conv
   * weight gradient's im2col form): over a blocked X the pass multiplies its channel panels directly.
   */
  BATCH_SUMMED_PRODUCT("MatMul", "_grad_per_image");

  private static final Pattern FRESH_NUMBER = Pattern.compile("_\\d+$");
  private final String opType;
  private final String outputSuffix;

  LayoutMark(String opType, String outputSuffix) {
    this.opType = opType;
    this.outputSuffix = outputSuffix;
  }

  /** The marked output name for a node computing {@code base}'s part (a gradient's parameter name). */
  public String output(String base) {
    return base + outputSuffix;
  }

  /**
   * Whether {@code node} is a standard-domain node of this mark's operator with a marked output (or one that
   * {@link GraphBuilder#freshName} numbered, as it does for a parameter that several nodes share).
   */
  public boolean marks(NodeProto node) {
    return node.getOpType().equals(opType) && node.getDomain().isEmpty() && node.getOutputCount() == 1
        && FRESH_NUMBER.matcher(node.getOutput(0)).replaceFirst("").endsWith(outputSuffix);
  }
}
