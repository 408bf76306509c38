package dev.ortrain.layout;

import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import java.util.List;

/**
 * An element-wise op on a row-upsampled value ({@link RowUpsample}) and a full-size one, on the blocked views
 * [rows, width·block]: the shared rows broadcast over each group of full rows.
 */
final class RowBroadcast implements LayoutRewrite {
  @Override
  public boolean rewrite(NodeProto n, BlockedGraph graph) {
    int at = graph.isRowUpsampled(n.getInput(0)) ? 0 : graph.isRowUpsampled(n.getInput(1)) ? 1 : -1;
    if (at < 0) {
      return false;
    }
    GraphBuilder g = graph.graph();
    BlockedGraph.RowUpsampled up = graph.rowUpsampledForm(n.getInput(at));
    String full = n.getInput(1 - at);
    String fullBlocked = graph.blockedForm(full);
    String y = n.getOutput(0);
    long rowLength = g.typeOf(full).shape().size(3) * graph.block();
    String fullRows = g.freshName(full + "_row_groups");
    graph.emit(graph.node("Reshape", "", List.of(fullBlocked, g.int64s(y + "_row_groups_shape", -1, up.rowFactor(),
        rowLength)), fullRows, List.of()));
    String shared = g.freshName(n.getInput(at) + "_shared_rows");
    graph.emit(graph.node("Reshape", "", List.of(up.value(), g.int64s(y + "_shared_rows_shape", -1, 1, rowLength)),
        shared, List.of()));
    List<String> inputs = at == 0 ? List.of(shared, fullRows) : List.of(fullRows, shared);
    String rows = g.freshName(y + "_rows");
    graph.emit(n.toBuilder().clearInput().addAllInput(inputs).setOutput(0, rows)
        .setName(g.freshName(n.getName() + "_rows")).build());
    String shape = g.freshName(y + "_blocked_shape");
    graph.emit(graph.node("Shape", "", List.of(fullBlocked), shape, List.of()));
    String yb = g.freshName(y + "_blocked");
    graph.emit(graph.node("Reshape", "", List.of(rows, shape), yb, List.of()));
    graph.twin(y, yb, graph.hasChannels(full) ? graph.channelsOf(full) : g.typeOf(full).shape().size(1));
    return true;
  }
}
