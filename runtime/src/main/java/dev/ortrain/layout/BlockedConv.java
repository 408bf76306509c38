package dev.ortrain.layout;

import dev.ortrain.graph.Attributes;
import dev.ortrain.graph.DataType;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import java.util.ArrayList;
import java.util.List;

/**
 * A qualifying Conv ({@link #qualifies}) on the NCHWc kernel: {@code ReorderInput(X) → nchwc.Conv(·, reordered
 * W, B)}, its output blocked. The weights are reordered inside the graph on every run, being graph inputs.
 */
final class BlockedConv implements LayoutRewrite {

  /**
   * Whether a Conv can run blocked: 2-D, ungrouped, its weight's type known, its output channels a multiple of
   * the block size and its input channels too, or fewer than a block (then the kernel reads the NCHW input).
   */
  static boolean qualifies(GraphBuilder g, NodeProto n, int blockSize) {
    if (!n.getOpType().equals("Conv") || !n.getDomain().isEmpty() || n.getInputCount() < 2
        || Attributes.getInt(n, "group", 1) != 1 || n.getOutput(0).isEmpty()) {
      return false;
    }
    TensorType w = g.typeOf(n.getInput(1));
    if (w == null || w.shape().rank() != 4 || !w.shape().isKnown(0) || !w.shape().isKnown(1)
        || w.dataType() != DataType.FLOAT) {
      return false;
    }
    long in = w.shape().size(1);
    return w.shape().size(0) % blockSize == 0 && (in % blockSize == 0 || in < blockSize);
  }

  @Override
  public boolean rewrite(NodeProto n, BlockedGraph graph) {
    GraphBuilder g = graph.graph();
    if (!qualifies(g, n, graph.block())) {
      return false;
    }
    // Fewer input channels than a block: the kernel reads the NCHW input as it is (a first layer's image).
    String x = n.getInput(0);
    boolean nchwInput = g.typeOf(n.getInput(1)).shape().size(1) < graph.block();
    if (nchwInput) {
      graph.materialize(x);
    }
    List<String> inputs = new ArrayList<>(List.of(nchwInput ? x : graph.blockedForm(x), reorderedFilter(n, graph)));
    if (n.getInputCount() > 2 && !n.getInput(2).isEmpty()) {
      inputs.add(n.getInput(2));
    }
    graph.emitBlocked(n, "Conv", inputs, n.getAttributeList(), g.typeOf(n.getInput(1)).shape().size(0));
    return true;
  }

  /**
   * OIHW → OIHWBiBo ([O/B, I/B, H, W, Bi, Bo]), or OIHWBo ([O/B, I, H, W, Bo]) for fewer input channels than a
   * block, kept in a tensor of W's shape, which the NCHWc Conv reads.
   */
  private static String reorderedFilter(NodeProto conv, BlockedGraph graph) {
    GraphBuilder g = graph.graph();
    int block = graph.block();
    String w = conv.getInput(1);
    Shape ws = g.typeOf(w).shape();
    String base = conv.getOutput(0);
    String split = g.freshName(base + "_filter_split");
    String moved = g.freshName(base + "_filter_moved");
    String shape = g.freshName(base + "_filter_shape");
    String wb = g.freshName(base + "_filter_blocked");
    if (ws.size(1) < block) {
      String blocks = g.int64s(base + "_filter_blocks", ws.size(0) / block, block, ws.size(1), -1);
      graph.emit(graph.node("Reshape", "", List.of(w, blocks), split, List.of()));
      graph.emit(graph.node("Transpose", "", List.of(split), moved, List.of(Attributes.ints("perm", 0, 2, 3, 1))));
    } else {
      String blocks = g.int64s(base + "_filter_blocks", ws.size(0) / block, block, ws.size(1) / block, block, -1);
      graph.emit(graph.node("Reshape", "", List.of(w, blocks), split, List.of()));
      graph.emit(graph.node("Transpose", "", List.of(split), moved, List.of(Attributes.ints("perm", 0, 2, 4, 3, 1))));
    }
    graph.emit(graph.node("Shape", "", List.of(w), shape, List.of()));
    graph.emit(graph.node("Reshape", "", List.of(moved, shape), wb, List.of()));
    return wb;
  }
}
