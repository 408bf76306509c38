package dev.ortrain.importer;

import java.util.List;
import java.util.Map;

/**
 * LSTM and GRU: Y is [seq_length, num_directions, batch_size, hidden_size] and Y_h (and LSTM's Y_c)
 * [num_directions, batch_size, hidden_size] with layout 0; with layout 1 the batch comes first in X and in
 * every output ([batch_size, seq_length, num_directions, hidden_size], [batch_size, num_directions,
 * hidden_size]).
 */
final class RecurrentShapes {
  private RecurrentShapes() {}

  static void register(Map<String, ShapeRule> rules) {
    rules.put("LSTM", n -> recurrent(n, 3));
    rules.put("GRU", n -> recurrent(n, 2));
  }

  /** Types outputs 0 (Y) to {@code outputs − 1} (the final states). */
  static void recurrent(NodeShapes n, int outputs) {
    List<Dim> x = n.shape(0);
    if (x.size() != 3) {
      throw n.fail("its input X has rank " + x.size() + "; LSTM and GRU take [seq_length, batch_size,"
          + " input_size] (or [batch_size, seq_length, input_size] with layout 1)");
    }
    long layout = n.intAttr("layout", 0);
    if (layout != 0 && layout != 1) {
      throw n.fail("its layout is " + layout + "; ONNX defines 0 and 1");
    }
    Dim seq = layout == 0 ? x.get(0) : x.get(1);
    Dim batch = layout == 0 ? x.get(1) : x.get(0);
    String direction = n.stringAttr("direction", "forward");
    if (!List.of("forward", "reverse", "bidirectional").contains(direction)) {
      throw n.fail("its direction is '" + direction + "'; ONNX defines forward, reverse and bidirectional");
    }
    Dim directions = Dim.of(direction.equals("bidirectional") ? 2 : 1);
    Dim hidden = hiddenSize(n);
    List<Dim> y = layout == 0 ? List.of(seq, directions, batch, hidden) : List.of(batch, seq, directions, hidden);
    List<Dim> state = layout == 0 ? List.of(directions, batch, hidden) : List.of(batch, directions, hidden);
    n.output(0, n.type(0), y);
    for (int i = 1; i < outputs; i++) {
      n.output(i, n.type(0), state);
    }
  }

  /** The hidden_size attribute, or the last dimension of R [num_directions, gates·hidden, hidden]. */
  private static Dim hiddenSize(NodeShapes n) {
    long attribute = n.intAttr("hidden_size", -1);
    if (attribute > 0) {
      return Dim.of(attribute);
    }
    List<Dim> r = n.shape(2);
    if (r.size() != 3 || !r.get(2).isKnown()) {
      throw n.fail("it has no hidden_size attribute and its R '" + n.node().getInput(2) + "' is " + r
          + ", not [num_directions, gates·hidden_size, hidden_size]");
    }
    return r.get(2);
  }
}
