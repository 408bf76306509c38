package dev.ortrain.gradients;

import dev.ortrain.graph.DataType;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.TensorType;

/** Gradients of broadcasting element-wise arithmetic and of element-wise math functions. */
final class ElementwiseGradients {
  /** d erf(x)/dx = 2/√π · exp(−x²). */
  private static final float TWO_OVER_SQRT_PI = (float) (2 / Math.sqrt(Math.PI));

  private ElementwiseGradients() {}

  static void register(GradientRegistry r) {
    r.register("Add", ctx -> addSub(ctx, false));
    r.register("Sub", ctx -> addSub(ctx, true));
    r.register("Sum", ElementwiseGradients::sum);
    r.register("Mul", ElementwiseGradients::mul);
    r.register("Div", ElementwiseGradients::div);
    r.register("Pow", ElementwiseGradients::pow);
    r.register("Where", ElementwiseGradients::where);
    r.register("Identity", ctx -> ctx.setInputGradient(0, ctx.outputGradient(0)));
    r.register("Cast", ElementwiseGradients::cast);
    r.register("CastLike", ElementwiseGradients::castLike);
    r.register("Neg", ctx -> ctx.setInputGradient(0,
        ctx.graph().node("Neg").inputs(ctx.outputGradient(0)).outputs(ctx.gradientName(0)).get(0)));
    // dX = dY·Y
    r.register("Exp", ctx -> ctx.setInputGradient(0, mulNode(ctx, ctx.outputGradient(0), ctx.output(0))));
    // dX = dY / X
    r.register("Log", ctx -> ctx.setInputGradient(0, ctx.graph().node("Div")
        .inputs(ctx.outputGradient(0), ctx.input(0)).outputs(ctx.gradientName(0)).get(0)));
    r.register("Sqrt", ElementwiseGradients::sqrt);
    r.register("Erf", ElementwiseGradients::erf);
    r.register("Abs", ElementwiseGradients::abs);
    r.register("Max", ElementwiseGradients::extremum);
    r.register("Min", ElementwiseGradients::extremum);
    r.register("Clip", ElementwiseGradients::clip);
  }

  static void addSub(BackwardContext ctx, boolean subtract) {
    GraphBuilder g = ctx.graph();
    String dY = ctx.outputGradient(0);
    TensorType yType = ctx.typeOf(ctx.output(0));
    if (ctx.needsGradient(0)) {
      ctx.setInputGradient(0, Unbroadcast.reduce(ctx, dY, yType, ctx.typeOf(ctx.input(0)), ctx.gradientName(0)));
    }
    if (ctx.needsGradient(1)) {
      String d = dY;
      if (subtract) {
        d = g.node("Neg").inputs(dY).output(dY + "_neg");
      }
      ctx.setInputGradient(1, Unbroadcast.reduce(ctx, d, yType, ctx.typeOf(ctx.input(1)), ctx.gradientName(1)));
    }
  }

  /** Every input of a (broadcasting) Sum receives dY, reduced to its shape. */
  static void sum(BackwardContext ctx) {
    TensorType yType = ctx.typeOf(ctx.output(0));
    for (int i = 0; i < ctx.node().getInputCount(); i++) {
      if (ctx.needsGradient(i)) {
        ctx.setInputGradient(i, Unbroadcast.reduce(ctx, ctx.outputGradient(0), yType,
            ctx.typeOf(ctx.input(i)), ctx.gradientName(i)));
      }
    }
  }

  /** dA = dY·B, dB = dY·A, each reduced over the axes it was broadcast along. */
  static void mul(BackwardContext ctx) {
    GraphBuilder g = ctx.graph();
    String dY = ctx.outputGradient(0);
    TensorType yType = ctx.typeOf(ctx.output(0));
    for (int i = 0; i < 2; i++) {
      if (ctx.needsGradient(i)) {
        String full = g.node("Mul").inputs(dY, ctx.input(1 - i)).output(ctx.input(i) + "_grad_full");
        ctx.setInputGradient(i, Unbroadcast.reduce(ctx, full, yType, ctx.typeOf(ctx.input(i)),
            ctx.gradientName(i)));
      }
    }
  }

  /** Y = A/B: dA = dY/B, dB = −dY·A/B² = −(dY/B)·Y. */
  static void div(BackwardContext ctx) {
    GraphBuilder g = ctx.graph();
    TensorType yType = ctx.typeOf(ctx.output(0));
    String dYOverB = g.node("Div").inputs(ctx.outputGradient(0), ctx.input(1))
        .output(ctx.output(0) + "_grad_over_b");
    if (ctx.needsGradient(0)) {
      ctx.setInputGradient(0, Unbroadcast.reduce(ctx, dYOverB, yType, ctx.typeOf(ctx.input(0)),
          ctx.gradientName(0)));
    }
    if (ctx.needsGradient(1)) {
      String times = g.node("Mul").inputs(dYOverB, ctx.output(0)).output(ctx.input(1) + "_grad_neg");
      String full = g.node("Neg").inputs(times).output(ctx.input(1) + "_grad_full");
      ctx.setInputGradient(1, Unbroadcast.reduce(ctx, full, yType, ctx.typeOf(ctx.input(1)),
          ctx.gradientName(1)));
    }
  }

  /**
   * Y = X^E: dX = dY·E·X^(E−1) and, when the exponent is trained too, dE = dY·Y·ln X. The exponent may be
   * any numeric tensor (PyTorch exports {@code x ** 2} with a Constant); it is cast to float.
   */
  static void pow(BackwardContext ctx) {
    GraphBuilder g = ctx.graph();
    String dY = ctx.outputGradient(0);
    String x = ctx.input(0);
    TensorType yType = ctx.typeOf(ctx.output(0));
    if (ctx.needsGradient(0)) {
      String e = ctx.input(1);
      TensorType eType = g.typeOf(e);
      if (eType != null && eType.dataType() != DataType.FLOAT) {
        e = g.node("Cast").inputs(e).attr("to", (long) DataType.FLOAT.onnxCode()).output(e + "_float");
      }
      String eMinusOne = g.node("Sub").inputs(e, g.scalar("one", 1f)).output(e + "_minus_one");
      String power = g.node("Pow").inputs(x, eMinusOne).output(x + "_pow_e_minus_one");
      String slope = g.node("Mul").inputs(power, e).output(x + "_pow_slope");
      String full = g.node("Mul").inputs(dY, slope).output(x + "_grad_full");
      ctx.setInputGradient(0, Unbroadcast.reduce(ctx, full, yType, ctx.typeOf(x), ctx.gradientName(0)));
    }
    if (ctx.needsGradient(1)) {
      String lnX = g.node("Log").inputs(x).output(x + "_ln");
      String yLnX = g.node("Mul").inputs(ctx.output(0), lnX).output(ctx.output(0) + "_ln_base");
      String full = g.node("Mul").inputs(dY, yLnX).output(ctx.input(1) + "_grad_full");
      ctx.setInputGradient(1, Unbroadcast.reduce(ctx, full, yType, ctx.typeOf(ctx.input(1)),
          ctx.gradientName(1)));
    }
  }

  /** Y = Where(C, A, B): A receives dY where C holds, B where it does not. */
  static void where(BackwardContext ctx) {
    GraphBuilder g = ctx.graph();
    String dY = ctx.outputGradient(0);
    TensorType yType = ctx.typeOf(ctx.output(0));
    String zero = g.scalar("zero", 0f);
    for (int i = 1; i <= 2; i++) {
      if (ctx.needsGradient(i)) {
        String full = g.node("Where")
            .inputs(ctx.input(0), i == 1 ? dY : zero, i == 1 ? zero : dY)
            .output(ctx.input(i) + "_grad_full");
        ctx.setInputGradient(i, Unbroadcast.reduce(ctx, full, yType, ctx.typeOf(ctx.input(i)),
            ctx.gradientName(i)));
      }
    }
  }

  /** Only float → float casts (no-ops that exporters leave behind) are differentiable here. */
  static void cast(BackwardContext ctx) {
    long to = ctx.intAttr("to", 0);
    TensorType in = ctx.graph().typeOf(ctx.input(0));
    boolean floatIn = in == null || in.dataType() == DataType.FLOAT;
    if (to != DataType.FLOAT.onnxCode() || !floatIn) {
      throw new UnsupportedOperationException("Cannot differentiate " + ctx.describe() + " from "
          + (in == null ? "an unknown type" : in.dataType()) + " to ONNX type " + to
          + ": ortrain trains in float32 and only differentiates float-to-float casts. Remove the cast or"
          + " keep the trainable part of the model in float32.");
    }
    ctx.setInputGradient(0, ctx.outputGradient(0));
  }

  /**
   * Y = CastLike(X, T) takes X's values in T's type (the dynamo exporter makes constants so); only X carries
   * a gradient, and only a float-to-float cast is differentiable here.
   */
  static void castLike(BackwardContext ctx) {
    if (!ctx.needsGradient(0)) {
      return; // T only lends its type
    }
    TensorType in = ctx.graph().typeOf(ctx.input(0));
    TensorType like = ctx.graph().typeOf(ctx.input(1));
    if (in == null || like == null || in.dataType() != DataType.FLOAT || like.dataType() != DataType.FLOAT) {
      throw new UnsupportedOperationException("Cannot differentiate " + ctx.describe() + " from "
          + (in == null ? "an unknown type" : in.dataType()) + " to the type of '" + ctx.input(1)
          + "': ortrain trains in float32 and only differentiates float-to-float casts");
    }
    ctx.setInputGradient(0, ctx.outputGradient(0));
  }

  /** Y = √X: dX = dY·0.5/Y. */
  static void sqrt(BackwardContext ctx) {
    GraphBuilder g = ctx.graph();
    String half = g.node("Mul").inputs(ctx.outputGradient(0), g.scalar("half", 0.5f))
        .output(ctx.output(0) + "_grad_half");
    ctx.setInputGradient(0, g.node("Div").inputs(half, ctx.output(0)).outputs(ctx.gradientName(0)).get(0));
  }

  /** dX = dY·2/√π·exp(−X²), with standard ops (ONNX Runtime has no ErfGrad kernel). */
  static void erf(BackwardContext ctx) {
    GraphBuilder g = ctx.graph();
    String x = ctx.input(0);
    String square = g.node("Mul").inputs(x, x).output(x + "_squared");
    String negated = g.node("Neg").inputs(square).output(x + "_neg_squared");
    String gauss = g.node("Exp").inputs(negated).output(x + "_gauss");
    String slope = g.node("Mul").inputs(gauss, g.scalar("two_over_sqrt_pi", TWO_OVER_SQRT_PI))
        .output(x + "_erf_slope");
    ctx.setInputGradient(0, mulNode(ctx, ctx.outputGradient(0), slope));
  }

  /** dX = dY·sign(X) (0 at X = 0, the subgradient PyTorch uses too). */
  static void abs(BackwardContext ctx) {
    String sign = ctx.graph().node("Sign").inputs(ctx.input(0)).output(ctx.input(0) + "_sign");
    ctx.setInputGradient(0, mulNode(ctx, ctx.outputGradient(0), sign));
  }

  /**
   * Y = Max(X₀, X₁, …) (or Min): each input that equals Y receives its share, dXᵢ = dY·[Xᵢ = Y] / Σⱼ[Xⱼ = Y],
   * reduced to its shape; ties split evenly, as PyTorch's maximum/minimum do.
   */
  static void extremum(BackwardContext ctx) {
    GraphBuilder g = ctx.graph();
    String y = ctx.output(0);
    TensorType yType = ctx.typeOf(y);
    int count = ctx.node().getInputCount();
    String[] hits = new String[count];
    for (int i = 0; i < count; i++) {
      String equal = g.node("Equal").inputs(ctx.input(i), y).output(ctx.input(i) + "_is_extremum");
      hits[i] = g.node("Cast").inputs(equal).attr("to", (long) DataType.FLOAT.onnxCode())
          .output(ctx.input(i) + "_extremum_hit");
    }
    String ties = count == 1 ? hits[0] : g.node("Sum").inputs(hits).output(y + "_extremum_ties");
    String share = g.node("Div").inputs(ctx.outputGradient(0), ties).output(y + "_grad_share");
    for (int i = 0; i < count; i++) {
      if (ctx.needsGradient(i)) {
        String full = g.node("Mul").inputs(share, hits[i]).output(ctx.input(i) + "_grad_full");
        ctx.setInputGradient(i, Unbroadcast.reduce(ctx, full, yType, ctx.typeOf(ctx.input(i)),
            ctx.gradientName(i)));
      }
    }
  }

  /** Y = Clip(X, lo, hi): dX = dY where lo ≤ X ≤ hi (bounds included, as PyTorch's clamp), else 0. */
  static void clip(BackwardContext ctx) {
    GraphBuilder g = ctx.graph();
    String x = ctx.input(0);
    String inside = null;
    String[] bounds = {ctx.input(1), ctx.input(2)};
    String[] tests = {"GreaterOrEqual", "LessOrEqual"};
    for (int i = 0; i < 2; i++) {
      if (bounds[i].isEmpty()) {
        continue;
      }
      String within = g.node(tests[i]).inputs(x, bounds[i]).output(x + "_within_" + (i == 0 ? "min" : "max"));
      inside = inside == null ? within : g.node("And").inputs(inside, within).output(x + "_within_bounds");
    }
    if (inside == null) {
      ctx.setInputGradient(0, g.node("Identity").inputs(ctx.outputGradient(0)).outputs(ctx.gradientName(0)).get(0));
      return;
    }
    ctx.setInputGradient(0, g.node("Where").inputs(inside, ctx.outputGradient(0), g.scalar("zero", 0f))
        .outputs(ctx.gradientName(0)).get(0));
  }

  private static String mulNode(BackwardContext ctx, String a, String b) {
    return ctx.graph().node("Mul").inputs(a, b).outputs(ctx.gradientName(0)).get(0);
  }
}
