package dev.ortrain.layout;

import dev.ortrain.graph.Attributes;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import java.util.List;

/**
 * A DCR DepthToSpace of a blocked value whose output channels are whole blocks (the strided convolutions' input
 * gradient, dev.ortrain.gradients' StridedInputGradient): one Transpose of the blocked tensor that moves B-wide
 * channel panels, its output blocked. The blocked input [N, s·s·C/B, H, W, B] viewed as [N, s, s, C/B, H, W, B]
 * becomes [N, C/B, H, s, W, s, B], the blocked [N, C, s·H, s·W]; ONNX Runtime's DepthToSpace on NCHW moves
 * single floats and took several times as long (docs/imported-models-performance.md).
 */
final class BlockedDepthToSpace implements LayoutRewrite {
  @Override
  public boolean rewrite(NodeProto n, BlockedGraph graph) {
    GraphBuilder g = graph.graph();
    String x = n.getInput(0);
    TensorType type = g.typeOf(x);
    long s = Attributes.getInt(n, "blocksize", 0);
    if (!graph.isBlocked(x) || !Attributes.getString(n, "mode", "DCR").equals("DCR") || s < 1 || type == null
        || type.shape().rank() != 4 || !type.shape().isKnown(1) || !type.shape().isKnown(2)
        || !type.shape().isKnown(3)) {
      return false;
    }
    Shape shape = type.shape();
    long channels = shape.size(1) / (s * s);
    if (channels * s * s != shape.size(1) || channels % graph.block() != 0) {
      return false;
    }
    String y = n.getOutput(0);
    long h = shape.size(2);
    long w = shape.size(3);
    String panels = g.freshName(y + "_phase_panels");
    graph.emit(graph.node("Reshape", "", List.of(graph.twinOf(x), g.int64s(y + "_phase_panels_shape", -1, s, s,
        channels / graph.block(), h, w, graph.block())), panels, List.of()));
    String interleaved = g.freshName(y + "_interleaved_panels");
    graph.emit(graph.node("Transpose", "", List.of(panels), interleaved,
        List.of(Attributes.ints("perm", 0, 3, 4, 1, 5, 2, 6))));
    String yb = g.freshName(y + "_blocked");
    graph.emit(graph.node("Reshape", "", List.of(interleaved, g.int64s(y + "_blocked_shape", -1, channels, s * h,
        s * w)), yb, List.of()));
    graph.twin(y, yb, channels);
    return true;
  }
}
