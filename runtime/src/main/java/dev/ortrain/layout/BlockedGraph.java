package dev.ortrain.layout;

import dev.ortrain.graph.Attributes;
import dev.ortrain.graph.Domains;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.onnx.proto.Onnx.AttributeProto;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A graph as {@link BlockedLayout} rewrites it, node by node in order: the nodes emitted so far, which values
 * have a blocked twin, and which NCHW values still wait for a {@code ReorderOutput}. The {@link LayoutRewrite}s
 * read and extend it.
 */
final class BlockedGraph {
  private final GraphBuilder g;
  private final int block;
  private final GraphQueries queries;
  /** NCHW value → its blocked twin. */
  private final Map<String, String> blocked = new HashMap<>();
  /** Values whose NCHW form no node defines yet (their producer now writes the blocked twin only). */
  private final Set<String> pending = new HashSet<>();
  /** Channel count of each blocked value, for its ReorderOutput. */
  private final Map<String, Long> channels = new HashMap<>();
  private final List<NodeProto> out = new ArrayList<>();
  /** Nodes that a rewrite of an earlier node computes already: skipped where they stand. */
  private final Set<NodeProto> superseded = Collections.newSetFromMap(new IdentityHashMap<>());
  /** Nodes whose place gets what an earlier node's rewrite planned for it. */
  private final Map<NodeProto, Runnable> replacements = new IdentityHashMap<>();
  /** Nearest upsamplings their consumers broadcast over rows instead: the value → its width-only form. */
  private final Map<String, RowUpsampled> rowUpsampled = new HashMap<>();

  /** A blocked value upsampled along the width; {@code rowFactor} rows of the full value share each row. */
  record RowUpsampled(String value, long rowFactor, long channels) {}

  BlockedGraph(GraphBuilder g, int block) {
    this.g = g;
    this.block = block;
    this.queries = new GraphQueries(g);
  }

  GraphBuilder graph() {
    return g;
  }

  int block() {
    return block;
  }

  GraphQueries queries() {
    return queries;
  }

  boolean isBlocked(String value) {
    return blocked.containsKey(value);
  }

  /** The blocked twin of a value that has one (see {@link #isBlocked}). */
  String twinOf(String value) {
    return blocked.get(value);
  }

  /** Whether some node defines {@code value} in NCHW already (or will without a reorder): it needs none. */
  boolean hasNchwForm(String value) {
    return !pending.contains(value) && !rowUpsampled.containsKey(value);
  }

  /** Whether a rewrite gave {@code value} a channel count: it was blocked at some point. */
  boolean hasChannels(String value) {
    return channels.containsKey(value);
  }

  long channelsOf(String value) {
    return channels.get(value);
  }

  /** Whether a rank-4 shape has a known channel count that the block size divides. */
  boolean channelBlocked(Shape s) {
    return s.rank() == 4 && s.isKnown(1) && s.size(1) % block == 0;
  }

  void emit(NodeProto node) {
    out.add(node);
  }

  /** Skips {@code node} where it stands: an earlier rewrite computes it. */
  void supersede(NodeProto node) {
    superseded.add(node);
  }

  /** Emits {@code replacement} where {@code node} stands, instead of it. */
  void replaceAt(NodeProto node, Runnable replacement) {
    replacements.put(node, replacement);
  }

  /** Emits what an earlier rewrite planned for {@code node} and answers true, or answers false (none planned). */
  boolean emitPlanned(NodeProto node) {
    if (superseded.contains(node)) {
      return true;
    }
    Runnable replacement = replacements.get(node);
    if (replacement != null) {
      replacement.run();
    }
    return replacement != null;
  }

  void rowUpsample(String value, RowUpsampled form) {
    rowUpsampled.put(value, form);
  }

  boolean isRowUpsampled(String value) {
    return rowUpsampled.containsKey(value);
  }

  RowUpsampled rowUpsampledForm(String value) {
    return rowUpsampled.get(value);
  }

  /** A standard-domain op on blocked operands; its output is the blocked twin of the original output. */
  void emitStandard(NodeProto n, List<String> inputs, long outputChannels) {
    String y = n.getOutput(0);
    String yb = g.freshName(y + "_blocked");
    out.add(n.toBuilder().clearInput().addAllInput(inputs).setOutput(0, yb).setName(g.freshName(n.getName() + "_blocked"))
        .build());
    twin(y, yb, outputChannels);
  }

  /** An NCHWc kernel in place of {@code n}; its output is the blocked twin of n's output. */
  void emitBlocked(NodeProto n, String op, List<String> inputs, List<AttributeProto> attributes,
      long outputChannels) {
    String y = n.getOutput(0);
    String yb = g.freshName(y + "_blocked");
    out.add(node(op, Domains.NCHWC, inputs, yb, attributes));
    twin(y, yb, outputChannels);
  }

  /** Records {@code yb} as the blocked twin of {@code y}, whose NCHW form now waits for a reorder. */
  void twin(String y, String yb, long outputChannels) {
    blocked.put(y, yb);
    pending.add(y);
    channels.put(y, outputChannels);
  }

  /** The blocked twin of a value, reordering it (once) from NCHW when it has none yet. */
  String blockedForm(String value) {
    completeRows(value);
    return blocked.computeIfAbsent(value, v -> {
      String vb = g.freshName(v + "_blocked");
      out.add(node("ReorderInput", Domains.NCHWC, List.of(v), vb, List.of()));
      // Its channel panels are there for a later reader too (a weight gradient's batch-summed product).
      TensorType type = g.typeOf(v);
      if (type != null && type.shape().rank() == 4 && type.shape().isKnown(1)) {
        channels.put(v, type.shape().size(1));
      }
      return vb;
    });
  }

  /** Defines the NCHW form of a value whose producer was blocked, before its first NCHW consumer. */
  void materialize(String value) {
    completeRows(value);
    if (pending.remove(value)) {
      out.add(node("ReorderOutput", Domains.NCHWC, List.of(blocked.get(value)), value,
          List.of(Attributes.of("channels", channels.get(value)))));
    }
  }

  /** Completes a row-upsampled value to its full blocked form, for a consumer that needs it (none usually). */
  private void completeRows(String value) {
    RowUpsampled up = rowUpsampled.remove(value);
    if (up != null) {
      String vb = g.freshName(value + "_blocked");
      out.add(node("Upsample", Domains.NCHWC, List.of(up.value()), vb,
          List.of(Attributes.ints("scales", 1, 1, up.rowFactor(), 1), Attributes.of("mode", "nearest"))));
      twin(value, vb, up.channels());
    }
  }

  NodeProto node(String op, String domain, List<String> inputs, String output, List<AttributeProto> attrs) {
    NodeProto.Builder b = NodeProto.newBuilder().setOpType(op).setName(g.freshName(output + "_" + op))
        .addAllInput(inputs).addOutput(output).addAllAttribute(attrs);
    if (!domain.isEmpty()) {
      b.setDomain(domain);
    }
    return b.build();
  }

  /** The nodes emitted, in order. */
  List<NodeProto> emitted() {
    return out;
  }
}
