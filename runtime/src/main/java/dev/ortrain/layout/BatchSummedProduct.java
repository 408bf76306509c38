package dev.ortrain.layout;

import dev.ortrain.graph.Attributes;
import dev.ortrain.graph.DataType;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.LayoutMark;
import dev.ortrain.graph.TensorType;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import java.util.Arrays;
import java.util.List;

/**
 * Σ_n A[n] · X[n] channels-last over a blocked X, computed from X's channel panels: the MatMul a gradient rule
 * marks {@link LayoutMark#BATCH_SUMMED_PRODUCT} (a conv weight gradient's im2col form),
 *
 * <pre>
 *   ReduceSum(MatMul(A [N, R, H·W], Reshape(Transpose(X, 0 2 3 1), [-1, H·W, C])), axes 0, keepdims 0)
 * </pre>
 *
 * with nothing else reading the intermediate values. The blocked X viewed as [N, C/B, H·W, B] holds the B-wide
 * column panels of X channels-last, so X is never reordered (docs/performance-notes.md). Found at the
 * Transpose, which comes first: the Transpose, Reshape and ReduceSum are skipped, and the MatMul's place gets
 * the blocked form.
 */
final class BatchSummedProduct implements LayoutRewrite {

  @Override
  public boolean rewrite(NodeProto transpose, BlockedGraph graph) {
    if (!ChannelsLastReorder.toChannelsLast(transpose, graph) && !wholePanels(transpose, graph)) {
      return false;
    }
    GraphQueries queries = graph.queries();
    NodeProto reshape = queries.soleConsumer(transpose.getOutput(0));
    NodeProto matMul = reshape == null ? null : queries.soleConsumer(reshape.getOutput(0));
    if (matMul == null || !LayoutMark.BATCH_SUMMED_PRODUCT.marks(matMul)) {
      return false;
    }
    NodeProto sum = queries.soleConsumer(matMul.getOutput(0));
    if (!channelsLastRows(transpose, reshape, graph) || !productOf(matMul, reshape, graph)
        || !sumOverBatch(sum, matMul, queries)) {
      return false;
    }
    String x = transpose.getInput(0);
    graph.supersede(reshape);
    graph.supersede(sum);
    graph.replaceAt(matMul, () -> emit(matMul, x, sum, graph));
    return true;
  }

  /**
   * Whether {@code transpose} moves an NCHW value whose channels are whole blocks to channels-last: reordered in,
   * it has panels too, and ONNX Runtime's ReorderInput is faster than its Transpose (docs/performance-notes.md).
   */
  private static boolean wholePanels(NodeProto transpose, BlockedGraph graph) {
    TensorType type = graph.graph().typeOf(transpose.getInput(0));
    return type != null && graph.channelBlocked(type.shape()) && type.dataType() == DataType.FLOAT
        && Arrays.equals(Attributes.getInts(transpose, "perm", null), new long[] {0, 2, 3, 1});
  }

  /** X's channel count, from its blocked form or its type. */
  private static long channels(String x, BlockedGraph graph) {
    return graph.hasChannels(x) ? graph.channelsOf(x) : graph.graph().typeOf(x).shape().size(1);
  }

  /** Whether {@code reshape} views the transposed X [N, H, W, C] as [-1, H·W, C]. */
  private static boolean channelsLastRows(NodeProto transpose, NodeProto reshape, BlockedGraph graph) {
    String x = transpose.getInput(0);
    TensorType xType = graph.graph().typeOf(x);
    if (xType == null || xType.shape().rank() != 4 || !xType.shape().isKnown(2) || !xType.shape().isKnown(3)
        || !reshape.getOpType().equals("Reshape") || reshape.getInputCount() != 2
        || !reshape.getInput(0).equals(transpose.getOutput(0))) {
      return false;
    }
    long positions = xType.shape().size(2) * xType.shape().size(3);
    return Arrays.equals(graph.queries().int64Constant(reshape.getInput(1)),
        new long[] {-1, positions, channels(x, graph)});
  }

  /** Whether {@code matMul} multiplies a rank-3 A by the rows (and not the rows by themselves). */
  private static boolean productOf(NodeProto matMul, NodeProto reshape, BlockedGraph graph) {
    if (matMul.getInputCount() != 2 || !matMul.getInput(1).equals(reshape.getOutput(0))
        || matMul.getInput(0).equals(reshape.getOutput(0))) {
      return false;
    }
    GraphQueries queries = graph.queries();
    TensorType rows = graph.graph().typeOf(matMul.getInput(0));
    long[] rowsShape = rows == null ? queries.int64Constant(queries.reshapeTarget(matMul.getInput(0))) : null;
    return rows != null ? rows.shape().rank() == 3 : rowsShape != null && rowsShape.length == 3;
  }

  /** Whether {@code sum} sums the product over the batch axis, dropping it. */
  private static boolean sumOverBatch(NodeProto sum, NodeProto matMul, GraphQueries queries) {
    return sum != null && sum.getOpType().equals("ReduceSum") && sum.getDomain().isEmpty()
        && sum.getInputCount() == 2 && sum.getInput(0).equals(matMul.getOutput(0))
        && Arrays.equals(queries.int64Constant(sum.getInput(1)), new long[] {0})
        && Attributes.getInt(sum, "keepdims", 1) == 0;
  }

  private static void emit(NodeProto matMul, String x, NodeProto sum, BlockedGraph graph) {
    GraphBuilder g = graph.graph();
    int block = graph.block();
    String base = sum.getOutput(0);
    long c = channels(x, graph);
    long positions = g.typeOf(x).shape().size(2) * g.typeOf(x).shape().size(3);
    String rows = matMul.getInput(0);
    graph.materialize(rows);
    String panels = g.freshName(base + "_panels");
    graph.emit(graph.node("Reshape", "", List.of(graph.blockedForm(x), g.int64s(base + "_panels_shape", -1, c / block,
        positions, block)), panels, List.of()));
    String rows4 = g.freshName(base + "_rows_per_panel");
    graph.emit(graph.node("Unsqueeze", "", List.of(rows, g.int64s(base + "_panel_axis", 1)), rows4, List.of()));
    String perImage = g.freshName(base + "_panel_products");
    graph.emit(graph.node("MatMul", "", List.of(rows4, panels), perImage, List.of()));
    String summed = g.freshName(base + "_panel_sums");
    graph.emit(graph.node("ReduceSum", "", List.of(perImage, g.int64s(base + "_batch_axis", 0)), summed,
        List.of(Attributes.of("keepdims", 0L))));
    // [C/B, R, B] → [R, C/B, B] = [R, C]: a few hundred values.
    String moved = g.freshName(base + "_panels_moved");
    graph.emit(graph.node("Transpose", "", List.of(summed), moved, List.of(Attributes.ints("perm", 1, 0, 2))));
    graph.emit(graph.node("Reshape", "", List.of(moved, g.int64s(base + "_matrix_shape", 0, c)), base, List.of()));
  }
}
