package dev.ortrain.importer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** BatchNormalization, LayerNormalization and InstanceNormalization. */
final class NormalizationShapes {
  private NormalizationShapes() {}

  static void register(Map<String, ShapeRule> rules) {
    rules.put("BatchNormalization", n -> {
      n.output(0, n.type(0), n.shape(0));
      n.output(1, n.type(3), n.shape(3)); // running mean and variance, in training mode
      n.output(2, n.type(4), n.shape(4));
    });
    rules.put("InstanceNormalization", n -> n.output(0, n.type(0), n.shape(0)));
    rules.put("LayerNormalization", NormalizationShapes::layerNorm);
  }

  /** Y has X's shape; Mean and InvStdDev keep the axes before {@code axis} and are 1 from there on. */
  static void layerNorm(NodeShapes n) {
    List<Dim> x = n.shape(0);
    int axis = n.axis(n.intAttr("axis", -1), x.size());
    n.output(0, n.type(0), x);
    List<Dim> stats = new ArrayList<>(x.subList(0, axis));
    for (int i = axis; i < x.size(); i++) {
      stats.add(Dim.of(1));
    }
    n.output(1, n.type(0), stats);
    n.output(2, n.type(0), stats);
  }
}
