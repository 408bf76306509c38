package dev.ortrain.layout;

import dev.ortrain.graph.Attributes;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import java.util.List;

/** A nearest Resize of a blocked value by integer factors: nchwc.Upsample, its output blocked. */
final class BlockedUpsample implements LayoutRewrite {
  @Override
  public boolean rewrite(NodeProto n, BlockedGraph graph) {
    long[] factors = graph.queries().nearestUpsampling(n);
    String x = n.getInput(0);
    if (factors == null || !graph.isBlocked(x)) {
      return false;
    }
    graph.emitBlocked(n, "Upsample", List.of(graph.twinOf(x)),
        List.of(Attributes.ints("scales", factors), Attributes.of("mode", "nearest")), graph.channelsOf(x));
    return true;
  }
}
