package dev.ortrain.layout;

import dev.ortrain.graph.Domains;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link LayoutRewrite}s by operator, tried in the order registered: as dev.ortrain.gradients'
 * GradientRegistry holds the gradient rules.
 */
final class LayoutRewrites {
  private static final List<String> ELEMENTWISE_OPS = List.of("Mul", "Div", "Add", "Sub");
  /** ONNX Runtime's activation gradients: element-wise on dY and a same-shaped saved tensor. */
  private static final List<String> ACTIVATION_GRADIENTS = List.of("ReluGrad", "SigmoidGrad", "TanhGrad");
  private static final LayoutRewrites STANDARD = standard();

  private final Map<String, List<LayoutRewrite>> rewrites = new HashMap<>();

  private LayoutRewrites() {}

  /** Every rewrite ortrain ships. */
  static LayoutRewrites standardRewrites() {
    return STANDARD;
  }

  private static LayoutRewrites standard() {
    LayoutRewrites r = new LayoutRewrites();
    r.register("Conv", new BlockedConv());
    r.register("MaxPool", new BlockedPool());
    r.register("AveragePool", new BlockedPool());
    r.register("Resize", new RowUpsample());
    r.register("Resize", new BlockedUpsample());
    r.register("Transpose", new BatchSummedProduct());
    r.register("Transpose", new ChannelsLastReorder());
    r.register("Relu", BlockedUnary.ANY);
    r.register("Cast", BlockedUnary.TO_FLOAT);
    for (String op : ELEMENTWISE_OPS) {
      r.register(op, new RowBroadcast());
      r.register(op, new BlockedElementwise());
    }
    // Sum of two same-shaped gradients (a value read twice, as a residual block's input is): element-wise.
    r.register("Sum", new PhaseSum());
    r.register("Sum", new BlockedElementwise());
    r.register("DepthToSpace", new BlockedDepthToSpace());
    r.register("Equal", new RowBroadcast().whenOnlyCastToFloat());
    r.register("Equal", new BlockedElementwise().whenOnlyCastToFloat());
    for (String op : ACTIVATION_GRADIENTS) {
      r.register(Domains.MICROSOFT, op, new BlockedElementwise());
    }
    return r;
  }

  private void register(String opType, LayoutRewrite rewrite) {
    register(Domains.ONNX, opType, rewrite);
  }

  private void register(String domain, String opType, LayoutRewrite rewrite) {
    rewrites.computeIfAbsent(key(domain, opType), k -> new ArrayList<>()).add(rewrite);
  }

  /** The rewrites registered for {@code node}'s operator, in order; none for an operator without any. */
  List<LayoutRewrite> find(NodeProto node) {
    return rewrites.getOrDefault(key(node.getDomain(), node.getOpType()), List.of());
  }

  /** Whether {@code node} reads its operands element by element: a row-broadcast operand may feed it. */
  static boolean elementwiseOp(NodeProto node, GraphQueries queries) {
    return node.getDomain().isEmpty() && (ELEMENTWISE_OPS.contains(node.getOpType())
        || node.getOpType().equals("Equal") && queries.castsOnly(node.getOutput(0)));
  }

  private static String key(String domain, String opType) {
    return domain + "::" + opType;
  }
}
