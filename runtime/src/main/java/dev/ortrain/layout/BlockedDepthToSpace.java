package dev.ortrain.layout;

import dev.ortrain.graph.Attributes;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import java.util.List;
import java.util.Optional;

/**
 * A DCR DepthToSpace of a blocked value whose output channels are whole blocks (the strided convolutions' input
 * gradient, dev.ortrain.gradients' StridedInputGradient): one Transpose of the blocked tensor that moves B-wide
 * channel panels, its output blocked. The blocked input [N, s·s·C/B, H, W, B] viewed as [N, s, s, C/B, H, W, B]
 * becomes [N, C/B, H, s, W, s, B], the blocked [N, C, s·H, s·W]; ONNX Runtime's DepthToSpace on NCHW moves
 * single floats, which is much slower (docs/imported-models-performance.md). One whose only reader is
 * a {@link PhaseSum} is left to it.
 */
final class BlockedDepthToSpace implements LayoutRewrite {
  @Override
  public boolean rewrite(NodeProto n, BlockedGraph graph) {
    if (PhaseSum.reads(n, graph)) {
      return true; // the Sum interleaves the summed phases instead
    }
    Optional<Interleaving> interleaving = Interleaving.of(n, graph);
    if (interleaving.isEmpty() || !graph.isBlocked(n.getInput(0))) {
      return false;
    }
    interleaving.get().emit(graph.twinOf(n.getInput(0)), n.getOutput(0), graph);
    return true;
  }

  /** The interleaving of s·s phases of {@code channels} channels each, {@code h} by {@code w}. */
  record Interleaving(long s, long channels, long h, long w) {
    /**
     * The interleaving a DepthToSpace computes, where the blocked form applies (DCR, a known input shape, whole
     * blocks of output channels); else empty.
     */
    static Optional<Interleaving> of(NodeProto n, BlockedGraph graph) {
      TensorType type = graph.graph().typeOf(n.getInput(0));
      long s = Attributes.getInt(n, "blocksize", 0);
      if (!n.getOpType().equals("DepthToSpace") || !n.getDomain().isEmpty()
          || !Attributes.getString(n, "mode", "DCR").equals("DCR") || s < 1 || type == null
          || type.shape().rank() != 4 || !type.shape().isKnown(1) || !type.shape().isKnown(2)
          || !type.shape().isKnown(3)) {
        return Optional.empty();
      }
      Shape shape = type.shape();
      long channels = shape.size(1) / (s * s);
      return channels * s * s == shape.size(1) && channels % graph.block() == 0
          ? Optional.of(new Interleaving(s, channels, shape.size(2), shape.size(3))) : Optional.empty();
    }

    /** Emits the blocked twin of {@code y} from the blocked phases. */
    void emit(String phases, String y, BlockedGraph graph) {
      GraphBuilder g = graph.graph();
      String panels = g.freshName(y + "_phase_panels");
      graph.emit(graph.node("Reshape", "", List.of(phases, g.int64s(y + "_phase_panels_shape", -1, s, s,
          channels / graph.block(), h, w, graph.block())), panels, List.of()));
      String interleaved = g.freshName(y + "_interleaved_panels");
      graph.emit(graph.node("Transpose", "", List.of(panels), interleaved,
          List.of(Attributes.ints("perm", 0, 3, 4, 1, 5, 2, 6))));
      String yb = g.freshName(y + "_blocked");
      graph.emit(graph.node("Reshape", "", List.of(interleaved, g.int64s(y + "_blocked_shape", -1, channels, s * h,
          s * w)), yb, List.of()));
      graph.twin(y, yb, channels);
    }
  }
}
