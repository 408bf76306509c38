package dev.ortrain.importer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Resize: the input's shape with some axes scaled or set to given sizes. */
final class ResamplingShapes {
  private ResamplingShapes() {}

  static void register(Map<String, ShapeRule> rules) {
    rules.put("Resize", ResamplingShapes::resize);
  }

  /**
   * Resize-13 and later (X, roi, scales, sizes): output axis i is sizes[i] when sizes is given, else
   * floor(in·scales[i]) computed in float as ONNX Runtime does; a symbolic axis keeps its symbol at scale 1.
   * Resize-18's {@code axes} names the axes the scales or sizes are for.
   */
  static void resize(NodeShapes n) {
    List<Dim> x = n.shape(0);
    int rank = x.size();
    long[] axes = n.intsAttr("axes", null);
    if (axes == null) {
      axes = new long[rank];
      for (int i = 0; i < rank; i++) {
        axes[i] = i;
      }
    }
    List<Dim> out = new ArrayList<>(x);
    if (n.hasInput(3)) {
      String policy = n.stringAttr("keep_aspect_ratio_policy", "stretch");
      if (!policy.equals("stretch")) {
        throw n.fail("keep_aspect_ratio_policy '" + policy + "' is not supported; export with 'stretch'");
      }
      List<Dim> sizes = n.requireInts(3, "sizes");
      checkCount(n, sizes.size(), axes.length, "sizes");
      for (int i = 0; i < axes.length; i++) {
        out.set(n.axis(axes[i], rank), sizes.get(i));
      }
    } else {
      float[] scales = n.floats(2);
      if (scales == null) {
        throw n.fail(n.hasInput(2) ? "its scales (input '" + n.node().getInput(2) + "') are computed at run time;"
            + " ortrain needs them constant (an initializer or a Constant node)" : "it has neither scales nor sizes");
      }
      checkCount(n, scales.length, axes.length, "scales");
      for (int i = 0; i < axes.length; i++) {
        int axis = n.axis(axes[i], rank);
        Dim in = x.get(axis);
        if (scales[i] == 1f) {
          continue;
        }
        // ONNX Runtime multiplies in float and truncates.
        out.set(axis, in.isKnown() ? Dim.of((long) ((float) in.size() * scales[i])) : n.freshSymbol());
      }
    }
    n.output(0, n.type(0), out);
  }

  private static void checkCount(NodeShapes n, int count, int axes, String what) {
    if (count != axes) {
      throw n.fail("it has " + count + " " + what + " for " + axes + " axes");
    }
  }
}
