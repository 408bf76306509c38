package dev.ortrain.importer;

import dev.ortrain.graph.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Operators whose output has the shape of the (broadcast) inputs. */
final class ElementwiseShapes {
  private ElementwiseShapes() {}

  static void register(Map<String, ShapeRule> rules) {
    for (String op : List.of("Identity", "Relu", "LeakyRelu", "PRelu", "Elu", "Selu", "Celu", "Gelu", "Sigmoid",
        "HardSigmoid", "HardSwish", "Tanh", "Softplus", "Softsign", "Erf", "Sqrt", "Exp", "Log", "Neg", "Abs",
        "Reciprocal", "Sin", "Cos", "Floor", "Ceil", "Round", "Sign", "Clip", "Softmax", "LogSoftmax",
        "Hardmax", "Mish")) {
      rules.put(op, n -> n.output(0, n.type(0), n.shape(0)));
    }
    for (String op : List.of("Pow", "Sum", "Max", "Min", "Mean")) {
      rules.put(op, n -> n.output(0, n.type(0), broadcastAll(n, 0)));
    }
    for (IntArithmetic op : IntArithmetic.values()) {
      rules.put(op.opType, n -> {
        n.output(0, n.type(0), broadcastAll(n, 0));
        List<Dim> values = op.apply(n);
        if (values != null) {
          n.outputInts(0, values);
        }
      });
    }
    for (String op : List.of("Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual", "And", "Or", "Xor")) {
      rules.put(op, n -> n.output(0, DataType.BOOL, broadcastAll(n, 0)));
    }
    rules.put("Not", n -> n.output(0, DataType.BOOL, n.shape(0)));
    rules.put("Where", n -> n.output(0, n.type(1), broadcastAll(n, 0)));
    rules.put("Cast", ElementwiseShapes::cast);
    rules.put("CastLike", n -> {
      n.output(0, n.type(1), n.shape(0));
      if (n.ints(0) != null && (n.type(1) == DataType.INT64 || n.type(1) == DataType.INT32)) {
        n.outputInts(0, n.ints(0));
      }
    });
    rules.put("Dropout", n -> {
      n.output(0, n.type(0), n.shape(0));
      n.output(1, DataType.BOOL, n.shape(0)); // the mask
    });
  }

  /** Arithmetic on shapes (head sizes, sequence lengths): the contents are computed where they are known. */
  enum IntArithmetic {
    ADD("Add"), SUB("Sub"), MUL("Mul"), DIV("Div"), MOD("Mod");

    final String opType;

    IntArithmetic(String opType) {
      this.opType = opType;
    }

    /** The element-wise result of two known int vectors (or a vector and a scalar), else null. */
    List<Dim> apply(NodeShapes n) {
      List<Dim> a = n.ints(0);
      List<Dim> b = n.ints(1);
      if (a == null || b == null || (a.size() != b.size() && a.size() != 1 && b.size() != 1)) {
        return null;
      }
      int size = Math.max(a.size(), b.size());
      List<Dim> out = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        out.add(apply(n, a.get(a.size() == 1 ? 0 : i), b.get(b.size() == 1 ? 0 : i)));
      }
      return out;
    }

    private Dim apply(NodeShapes n, Dim a, Dim b) {
      if (a.isKnown() && b.isKnown()) {
        long x = a.size();
        long y = b.size();
        return switch (this) {
          case ADD -> Dim.of(x + y);
          case SUB -> Dim.of(x - y);
          case MUL -> Dim.of(x * y);
          case DIV -> y == 0 ? n.freshSymbol() : Dim.of(Math.floorDiv(x, y));
          case MOD -> y == 0 ? n.freshSymbol() : Dim.of(Math.floorMod(x, y));
        };
      }
      boolean identity = switch (this) {
        case ADD, SUB -> b.is(0);
        case MUL, DIV -> b.is(1);
        case MOD -> false;
      };
      if (identity) {
        return a;
      }
      return this == MUL && a.is(1) || this == ADD && a.is(0) ? b : n.freshSymbol();
    }
  }

  static void cast(NodeShapes n) {
    DataType to = DataType.fromOnnx((int) n.intAttr("to", 0));
    n.output(0, to, n.shape(0));
    boolean integers = to == DataType.INT64 || to == DataType.INT32;
    if (integers && n.ints(0) != null) {
      n.outputInts(0, n.ints(0)); // int shape arithmetic is often cast back and forth
    }
  }

  /** Multidirectional (numpy) broadcasting of every present input from {@code first} on. */
  static List<Dim> broadcastAll(NodeShapes n, int first) {
    List<Dim> out = null;
    for (int i = first; i < n.inputCount(); i++) {
      if (n.hasInput(i)) {
        out = out == null ? n.shape(i) : broadcast(n, out, n.shape(i));
      }
    }
    return out;
  }

  static List<Dim> broadcast(NodeShapes n, List<Dim> a, List<Dim> b) {
    int rank = Math.max(a.size(), b.size());
    List<Dim> out = new ArrayList<>();
    for (int i = 0; i < rank; i++) {
      int ia = i - (rank - a.size());
      int ib = i - (rank - b.size());
      Dim da = ia >= 0 ? a.get(ia) : Dim.of(1);
      Dim db = ib >= 0 ? b.get(ib) : Dim.of(1);
      out.add(broadcast(n, da, db, a, b));
    }
    return out;
  }

  private static Dim broadcast(NodeShapes n, Dim a, Dim b, List<Dim> shapeA, List<Dim> shapeB) {
    if (a.is(1)) {
      return b;
    }
    if (b.is(1) || a.equals(b)) {
      return a;
    }
    if (a.isKnown() && b.isKnown()) {
      throw n.fail("shapes " + shapeA + " and " + shapeB + " do not broadcast");
    }
    return a.isKnown() ? a : b; // a symbol broadcast against a size must equal that size
  }
}
