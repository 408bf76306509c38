package dev.ortrain.layout;

import dev.ortrain.graph.Attributes;
import dev.ortrain.graph.DataType;
import dev.ortrain.graph.Domains;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.onnx.proto.Onnx.ModelProto;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import dev.ortrain.onnx.proto.Onnx.OperatorSetIdProto;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a model's 2-D convolutions on ONNX Runtime's channel-blocked (NCHWc) CPU kernels. ONNX Runtime's own
 * NCHWc transform reorders constant weights once, so it never reaches a training or eval graph, whose weights
 * are inputs; here the weights are reordered inside the graph on every run (a few thousand floats), and each
 * Conv becomes
 *
 * <pre>
 *   ReorderInput(X) → nchwc.Conv(·, reordered W, B) → ReorderOutput → Y
 * </pre>
 *
 * so the rest of the graph keeps its NCHW layout. On the benchmark CNN's second convolution (2 threads) this
 * made the forward conv 1.2x and its input-gradient conv 1.4x faster than the standard Conv kernel, reorders
 * included. A Conv qualifies when it is 2-D, ungrouped, its weight's type is known and both its input and
 * output channels are multiples of the block size (inputs with fewer channels than a block are left alone: for
 * the benchmark CNN's first convolution, one input channel, the output reorder cost what the kernel saved).
 *
 * <p>The block size is the CPU's (16 with AVX-512, 8 with AVX2): see {@link BlockSizeProbe}. Results equal the
 * standard kernel's up to float rounding.
 */
public final class BlockedConvolutions {
  private BlockedConvolutions() {}

  /** The Conv nodes of a model that {@link #rewrite} changes at this block size. */
  public static List<NodeProto> candidates(ModelProto model, int blockSize) {
    GraphBuilder g = GraphBuilder.from(model.getGraph());
    List<NodeProto> found = new ArrayList<>();
    for (NodeProto n : g.nodes()) {
      if (qualifies(g, n, blockSize)) {
        found.add(n);
      }
    }
    return found;
  }

  /** The model with every qualifying Conv on the NCHWc kernels, or the model itself when none qualifies. */
  public static ModelProto rewrite(ModelProto model, int blockSize) {
    if (blockSize < 4 || Integer.bitCount(blockSize) != 1) {
      throw new IllegalArgumentException("blockSize must be a power of two >= 4, got " + blockSize);
    }
    GraphBuilder g = GraphBuilder.from(model.getGraph());
    List<NodeProto> convs = new ArrayList<>();
    for (NodeProto n : g.nodes()) {
      if (qualifies(g, n, blockSize)) {
        convs.add(n);
      }
    }
    if (convs.isEmpty()) {
      return model;
    }
    for (NodeProto conv : convs) {
      g.replace(conv, () -> blocked(g, conv, blockSize));
    }
    ModelProto.Builder m = model.toBuilder().setGraph(g.build());
    boolean imported = m.getOpsetImportList().stream().anyMatch(o -> o.getDomain().equals(Domains.NCHWC));
    if (!imported) {
      m.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(Domains.NCHWC).setVersion(Domains.NCHWC_OPSET));
    }
    return m.build();
  }

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
    long out = w.shape().size(0);
    long in = w.shape().size(1);
    return out % blockSize == 0 && in % blockSize == 0;
  }

  private static void blocked(GraphBuilder g, NodeProto conv, int blockSize) {
    String x = conv.getInput(0);
    String w = conv.getInput(1);
    Shape ws = g.typeOf(w).shape();
    long out = ws.size(0);
    long in = ws.size(1);
    String base = conv.getOutput(0);
    String xBlocked = g.node(Domains.NCHWC, "ReorderInput").inputs(x).output(base + "_input_blocked");
    // OIHW → OIHWBiBo: [O/B, I/B, H, W, Bi, Bo], kept in a tensor of W's shape (what the NCHWc Conv reads).
    String split = g.node("Reshape").inputs(w, g.int64s(base + "_filter_blocks", out / blockSize, blockSize,
        in / blockSize, blockSize, -1)).output(base + "_filter_split");
    String moved = g.node("Transpose").inputs(split).ints("perm", 0, 2, 4, 3, 1).output(base + "_filter_moved");
    String wShape = g.node("Shape").inputs(w).output(base + "_filter_shape");
    String wBlocked = g.node("Reshape").inputs(moved, wShape).output(base + "_filter_blocked");
    List<String> inputs = new ArrayList<>(List.of(xBlocked, wBlocked));
    if (conv.getInputCount() > 2 && !conv.getInput(2).isEmpty()) {
      inputs.add(conv.getInput(2));
    }
    String yBlocked = g.node(Domains.NCHWC, "Conv").inputs(inputs.toArray(String[]::new)).attrsFrom(conv)
        .output(base + "_blocked");
    g.node(Domains.NCHWC, "ReorderOutput").inputs(yBlocked).attr("channels", out).outputs(base);
  }
}
