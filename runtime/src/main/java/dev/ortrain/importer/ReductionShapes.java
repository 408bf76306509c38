package dev.ortrain.importer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** ReduceSum, ReduceMean and the other Reduce* operators, and ArgMax/ArgMin. */
final class ReductionShapes {
  private ReductionShapes() {}

  static void register(Map<String, ShapeRule> rules) {
    for (String op : List.of("ReduceSum", "ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1",
        "ReduceL2", "ReduceLogSumExp", "ReduceSumSquare")) {
      rules.put(op, ReductionShapes::reduce);
    }
  }

  /**
   * Axes are an attribute up to opset 12 for ReduceSum and up to 17 for the others, an input after; no axes
   * means all axes unless {@code noop_with_empty_axes}.
   */
  static void reduce(NodeShapes n) {
    List<Dim> in = n.shape(0);
    long[] axes = n.hasAttr("axes") ? n.intsAttr("axes", null)
        : n.hasInput(1) ? n.requireConstantInts(1, "axes") : new long[0];
    boolean keepDims = n.intAttr("keepdims", 1) != 0;
    if (axes.length == 0 && n.intAttr("noop_with_empty_axes", 0) != 0) {
      n.output(0, n.type(0), in);
      return;
    }
    boolean[] reduced = new boolean[in.size()];
    for (long a : axes) {
      reduced[n.axis(a, in.size())] = true;
    }
    List<Dim> out = new ArrayList<>();
    for (int i = 0; i < in.size(); i++) {
      boolean r = axes.length == 0 || reduced[i];
      if (!r) {
        out.add(in.get(i));
      } else if (keepDims) {
        out.add(Dim.of(1));
      }
    }
    n.output(0, n.type(0), out);
  }
}
