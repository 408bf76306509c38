package dev.ortrain.gradients;

import dev.ortrain.graph.Attributes;
import dev.ortrain.graph.DataType;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.graph.Tensors;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Finite-difference checks of the element-wise arithmetic and math gradients. */
class ElementwiseGradientsTest extends GradientCheckCases {
  static final TensorType BATCHED = TensorType.floats(Shape.batched(2, 3));

  static Stream<Arguments> cases() {
    return Stream.of(
        check("Add broadcast", () -> binary("Add", new long[] {3})),
        check("Sub broadcast", () -> binary("Sub", new long[] {2, 1})),
        check("Mul broadcast", () -> binary("Mul", new long[] {1, 3})),
        check("Mul same input twice", ElementwiseGradientsTest::square),
        check("Div broadcast", () -> binary("Div", new long[] {3})),
        check("Sum of three", ElementwiseGradientsTest::sum),
        check("Neg", () -> unary("Neg")),
        check("Exp", () -> unary("Exp")),
        check("Erf", () -> unary("Erf")),
        check("Abs", () -> unary("Abs")),
        check("Identity", () -> unary("Identity")),
        check("Log", () -> positiveUnary("Log")),
        check("Sqrt", () -> positiveUnary("Sqrt")),
        check("Pow constant exponent", () -> pow(false)),
        check("Pow trained exponent", () -> pow(true)),
        check("Cast float to float", ElementwiseGradientsTest::cast),
        check("Max of an activation and a broadcast parameter", () -> binary("Max", new long[] {3})
            .tolerance(1e-3, 1e-2, 1e-3)),
        check("Min of an activation and a broadcast parameter", () -> binary("Min", new long[] {2, 1})
            .tolerance(1e-3, 1e-2, 1e-3)),
        check("Clip between two bounds", () -> {
          GradientCheck c = GradientCheck.of("Clip");
          String x = c.batchedActivation("x", 2, 3);
          c.graph().node("Clip").inputs(x, c.graph().scalar("lo", -0.3f), c.graph().scalar("hi", 0.4f)).outputs("y");
          return c.predict("y", BATCHED).tolerance(1e-3, 1e-2, 1e-3);
        }),
        check("Clip with a lower bound only", () -> {
          GradientCheck c = GradientCheck.of("Clip lower");
          String x = c.batchedActivation("x", 2, 3);
          c.graph().node("Clip").inputs(x, c.graph().scalar("lo", 0f)).outputs("y");
          return c.predict("y", BATCHED).tolerance(1e-3, 1e-2, 1e-3);
        }),
        // The type donor carries no gradient; the cast value does.
        check("CastLike float like float", () -> {
          GradientCheck c = GradientCheck.of("CastLike");
          String x = c.batchedActivation("x", 2, 3);
          String like = c.batchedActivation("like", 2, 3);
          c.graph().node("CastLike").inputs(x, like).outputs("cast");
          c.graph().valueType("cast", TensorType.floats(Shape.batched(2, 3)));
          c.graph().node("Mul").inputs("cast", like).outputs("y");
          return c.predict("y", TensorType.floats(Shape.batched(2, 3)));
        }),
        check("Where", ElementwiseGradientsTest::where));
  }

  /** A [batch, 2, 3] activation combined with a broadcast parameter; both get gradients. */
  static GradientCheck binary(String op, long[] otherDims) {
    GradientCheck c = GradientCheck.of(op);
    String x = c.batchedActivation("x", 2, 3);
    String p = op.equals("Div") ? c.positiveParameter("p", otherDims) : c.parameter("p", otherDims);
    c.graph().node(op).inputs(x, p).outputs("y");
    return c.predict("y", BATCHED);
  }

  static GradientCheck square() {
    GradientCheck c = GradientCheck.of("Mul x x");
    String x = c.batchedActivation("x", 2, 3);
    c.graph().node("Mul").inputs(x, x).outputs("y");
    return c.predict("y", BATCHED);
  }

  static GradientCheck sum() {
    GradientCheck c = GradientCheck.of("Sum");
    String x = c.batchedActivation("x", 2, 3);
    String a = c.parameter("a", 3);
    String b = c.parameter("b", 2, 3);
    c.graph().node("Sum").inputs(x, a, b).outputs("y");
    return c.predict("y", BATCHED);
  }

  static GradientCheck unary(String op) {
    GradientCheck c = GradientCheck.of(op);
    String x = c.batchedActivation("x", 2, 3);
    c.graph().node(op).inputs(x).outputs("y");
    return c.predict("y", BATCHED);
  }

  static GradientCheck positiveUnary(String op) {
    GradientCheck c = GradientCheck.of(op);
    String x = c.positiveParameter("x", 2, 3);
    c.graph().node(op).inputs(x).outputs("y");
    return c.predict("y", TensorType.floats(Shape.of(2, 3)));
  }

  /** Y = X^E with E a Constant node (as PyTorch exports x ** 2.5), or a trained exponent. */
  static GradientCheck pow(boolean trainExponent) {
    GradientCheck c = GradientCheck.of("Pow" + (trainExponent ? " trained" : ""));
    GraphBuilder g = c.graph();
    String x = c.positiveParameter("x", 2, 3);
    String e;
    if (trainExponent) {
      e = c.positiveParameter("e", 3);
    } else {
      e = "exponent";
      g.node("Constant").attr(Attributes.of("value",
          Tensors.floats("unused", new long[0], 2.5f))).outputs(e);
      g.valueType(e, TensorType.floats(Shape.of()));
    }
    g.node("Pow").inputs(x, e).outputs("y");
    return c.predict("y", TensorType.floats(Shape.of(2, 3)));
  }

  static GradientCheck cast() {
    GradientCheck c = GradientCheck.of("Cast");
    String x = c.batchedActivation("x", 2, 3);
    c.graph().node("Cast").inputs(x).attr("to", (long) DataType.FLOAT.onnxCode()).outputs("y");
    return c.predict("y", BATCHED);
  }

  /** Y = Where(x > 0, x·a, b): gradients reach a where the condition holds, b elsewhere. */
  static GradientCheck where() {
    GradientCheck c = GradientCheck.of("Where");
    GraphBuilder g = c.graph();
    String x = c.input("x", Shape.batched(2, 3));
    String a = c.parameter("a", 2, 3);
    String b = c.parameter("b", 3);
    String xa = g.node("Mul").inputs(x, a).output("xa");
    g.valueType(xa, BATCHED);
    String cond = g.node("Greater").inputs(x, g.scalar("zero", 0f)).output("positive");
    g.node("Where").inputs(cond, xa, b).outputs("y");
    return c.predict("y", BATCHED);
  }
}
