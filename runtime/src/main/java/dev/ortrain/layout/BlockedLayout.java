package dev.ortrain.layout;

import dev.ortrain.graph.Domains;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.onnx.proto.Onnx.ModelProto;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import dev.ortrain.onnx.proto.Onnx.OperatorSetIdProto;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a model's 2-D convolutions, and the pooling and element-wise ops that follow them, on ONNX Runtime's
 * channel-blocked (NCHWc) CPU kernels. ONNX Runtime's own NCHWc transform reorders constant weights once, so it
 * never reaches a training or eval graph, whose weights are inputs; here the weights are reordered inside the
 * graph on every run (a few thousand floats). A qualifying Conv becomes
 *
 * <pre>
 *   ReorderInput(X) → nchwc.Conv(·, reordered W, B) → blocked Y
 * </pre>
 *
 * and the blocked Y flows on through Relu, MaxPool, AveragePool, nearest Resize by integer factors
 * (nchwc.Upsample), same-shape element-wise ops (Equal → Cast, Mul, Div, Add, Sub, a Sum of two, and the ReluGrad,
 * SigmoidGrad and TanhGrad of ONNX Runtime's training ops) and the DepthToSpace that interleaves a strided
 * convolution's input-gradient phases (a Transpose of channel panels; two of them summed are added first and
 * interleaved once): max pooling and its value-mask gradient
 * then run on the blocked tensor, and the gradient reaches the input-gradient Conv without a reorder. An upsampled
 * value that only element-wise ops read is upsampled along the width only and broadcast over rows, and a conv
 * weight gradient's batch-summed product reads the blocked dY's channel panels directly. A value is
 * reordered back to NCHW ({@code ReorderOutput}) just before its first consumer that needs NCHW, or straight to
 * NHWC when that consumer is a Transpose to channels-last.
 *
 * <p>Each of these is a {@link LayoutRewrite}, registered by operator in {@link LayoutRewrites}; a rewrite that
 * depends on the form a gradient rule emits acts on the rule's {@link dev.ortrain.graph.LayoutMark}, not on a
 * pattern it happens to recognise.
 *
 * <p>The blocked kernels beat the standard ones even with the reorders around them (figures in
 * docs/performance-notes.md, "Blocked layout"). A Conv qualifies when it is 2-D, ungrouped, its weight's type is known, its
 * output channels are a multiple of the block size and its input channels are too, or fewer than a block (then
 * the kernel reads the NCHW input as it is: a first layer's image). Pooling and element-wise ops need declared
 * types, to prove that no operand broadcasts across channels or space.
 *
 * <p>The block size is the CPU's (16 with AVX-512, 8 with AVX2): see {@link BlockSizeProbe}. Results equal the
 * standard kernels' up to float rounding.
 */
public final class BlockedLayout {
  private final BlockedGraph graph;
  private final LayoutRewrites rewrites = LayoutRewrites.standardRewrites();

  private BlockedLayout(GraphBuilder g, int block) {
    this.graph = new BlockedGraph(g, block);
  }

  /** The Conv nodes of a model that {@link #rewrite} moves to the blocked kernels at this block size. */
  public static List<NodeProto> candidates(ModelProto model, int blockSize) {
    return candidates(GraphBuilder.from(model.getGraph()), blockSize);
  }

  private static List<NodeProto> candidates(GraphBuilder g, int blockSize) {
    List<NodeProto> found = new ArrayList<>();
    for (NodeProto n : g.nodes()) {
      if (BlockedConv.qualifies(g, n, blockSize)) {
        found.add(n);
      }
    }
    return found;
  }

  /** The model with its qualifying Conv nodes (and what follows them) blocked, or the model itself. */
  public static ModelProto rewrite(ModelProto model, int blockSize) {
    if (blockSize < 4 || Integer.bitCount(blockSize) != 1) {
      throw new IllegalArgumentException("blockSize must be a power of two >= 4, got " + blockSize);
    }
    GraphBuilder g = GraphBuilder.from(model.getGraph());
    if (candidates(g, blockSize).isEmpty()) {
      return model;
    }
    new BlockedLayout(g, blockSize).run();
    ModelProto.Builder m = model.toBuilder().setGraph(g.build());
    if (m.getOpsetImportList().stream().noneMatch(o -> o.getDomain().equals(Domains.NCHWC))) {
      m.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(Domains.NCHWC).setVersion(Domains.NCHWC_OPSET));
    }
    return m.build();
  }

  private void run() {
    GraphBuilder g = graph.graph();
    for (NodeProto n : List.copyOf(g.nodes())) {
      if (!convert(n)) {
        for (String in : n.getInputList()) {
          graph.materialize(in);
        }
        graph.emit(n);
      }
    }
    g.outputs().forEach(v -> graph.materialize(v.getName()));
    List<NodeProto> rewritten = List.copyOf(graph.emitted());
    g.nodes().clear();
    g.nodes().addAll(rewritten);
  }

  /** Emits the blocked form of {@code n} and answers true, or answers false (then n stays as it is). */
  private boolean convert(NodeProto n) {
    if (graph.emitPlanned(n)) {
      return true;
    }
    if (GraphQueries.hasGraphAttribute(n)) {
      return false;
    }
    for (LayoutRewrite rewrite : rewrites.find(n)) {
      if (rewrite.rewrite(n, graph)) {
        return true;
      }
    }
    return false;
  }
}
