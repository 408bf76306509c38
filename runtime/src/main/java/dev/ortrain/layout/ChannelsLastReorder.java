package dev.ortrain.layout;

import dev.ortrain.graph.Attributes;
import dev.ortrain.graph.Domains;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import java.util.Arrays;
import java.util.List;

/**
 * A Transpose of a blocked value to channels-last (a weight gradient's input): one ReorderOutput straight to
 * NHWC, in one pass instead of a reorder to NCHW and a transpose.
 */
final class ChannelsLastReorder implements LayoutRewrite {
  private static final long[] TO_CHANNELS_LAST = {0, 2, 3, 1};

  /** Whether {@code transpose} moves a value that was blocked to channels-last. */
  static boolean toChannelsLast(NodeProto transpose, BlockedGraph graph) {
    return graph.hasChannels(transpose.getInput(0))
        && Arrays.equals(Attributes.getInts(transpose, "perm", null), TO_CHANNELS_LAST);
  }

  @Override
  public boolean rewrite(NodeProto n, BlockedGraph graph) {
    if (!toChannelsLast(n, graph)) {
      return false;
    }
    String x = n.getInput(0);
    graph.emit(graph.node("ReorderOutput", Domains.NCHWC, List.of(graph.twinOf(x)), n.getOutput(0),
        List.of(Attributes.of("channels", graph.channelsOf(x)), Attributes.of("channels_last", 1L))));
    return true;
  }
}
