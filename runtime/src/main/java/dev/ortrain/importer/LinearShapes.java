package dev.ortrain.importer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Gemm and MatMul. */
final class LinearShapes {
  private LinearShapes() {}

  static void register(Map<String, ShapeRule> rules) {
    rules.put("Gemm", LinearShapes::gemm);
    rules.put("MatMul", LinearShapes::matMul);
  }

  static void gemm(NodeShapes n) {
    if (n.rank(0) != 2 || n.rank(1) != 2) {
      throw n.fail("inputs must be matrices, got " + n.shape(0) + " and " + n.shape(1));
    }
    Dim m = n.shape(0).get(n.intAttr("transA", 0) != 0 ? 1 : 0);
    Dim cols = n.shape(1).get(n.intAttr("transB", 0) != 0 ? 0 : 1);
    n.output(0, n.type(0), List.of(m, cols));
  }

  /** numpy.matmul: 1-D operands are promoted and the added axis removed; leading axes broadcast. */
  static void matMul(NodeShapes n) {
    List<Dim> a = new ArrayList<>(n.shape(0));
    List<Dim> b = new ArrayList<>(n.shape(1));
    if (a.isEmpty() || b.isEmpty()) {
      throw n.fail("MatMul operands must have rank >= 1, got " + a + " and " + b);
    }
    boolean vectorA = a.size() == 1;
    boolean vectorB = b.size() == 1;
    if (vectorA) {
      a.add(0, Dim.of(1));
    }
    if (vectorB) {
      b.add(Dim.of(1));
    }
    List<Dim> batch = ElementwiseShapes.broadcast(n, a.subList(0, a.size() - 2), b.subList(0, b.size() - 2));
    List<Dim> out = new ArrayList<>(batch);
    if (!vectorA) {
      out.add(a.get(a.size() - 2));
    }
    if (!vectorB) {
      out.add(b.get(b.size() - 1));
    }
    n.output(0, n.type(0), out);
  }
}
