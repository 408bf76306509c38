package dev.ortrain.nn;

import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import java.util.List;

/**
 * Root-mean-square normalization over the last axis, as PyTorch's {@code nn.RMSNorm(dim)}:
 * {@code y = x / √(mean(x²) + eps) · weight}, the weight starting at ones and eps defaulting to float32's
 * machine epsilon, PyTorch's default. Emitted in standard operators, which all have gradient rules.
 */
public final class RMSNorm extends AbstractLayer<RMSNorm> {
  private final long dim;
  private float eps = Math.ulp(1f);

  public RMSNorm(long dim) {
    if (dim < 1) {
      throw new IllegalArgumentException("RMSNorm needs the normalized size >= 1, got " + dim);
    }
    this.dim = dim;
  }

  public RMSNorm eps(float value) {
    if (!(value > 0)) {
      throw new IllegalArgumentException("eps must be > 0, got " + value);
    }
    this.eps = value;
    return this;
  }

  @Override
  public String describe() {
    return "RMSNorm " + dim;
  }

  @Override
  public Shape outputShape(Shape input) {
    requireKnownFeatures(input);
    if (input.rank() < 2 || input.size(input.rank() - 1) != dim) {
      throw new ShapeMismatchException("normalizes a last axis of size " + dim + " but gets " + input
          + (input.rank() < 2 ? "; give it [batch, ..., " + dim + "]" : "; set its size to "
              + input.size(input.rank() - 1)));
    }
    return input;
  }

  @Override
  public List<ParameterSpec> parameters(Shape input) {
    return List.of(ParameterSpec.trainable("weight", Shape.of(dim), Init.ones(), null));
  }

  @Override
  public void emit(LayerContext ctx) {
    Shape shape = ctx.inputShape();
    List<Object> reducedDims = new java.util.ArrayList<>(shape.dims());
    reducedDims.set(reducedDims.size() - 1, 1L);
    TensorType reduced = TensorType.floats(Dims.shape(reducedDims));
    String squares = typed(ctx, ctx.node("Mul").inputs(ctx.input(), ctx.input()), "squares", TensorType.floats(shape));
    String meanSquare = typed(ctx, ctx.node("ReduceMean").inputs(squares).ints("axes", -1).attr("keepdims", 1L),
        "mean_square", reduced);
    String eps = ctx.graph().scalar(ctx.freshName("eps"), this.eps);
    String rms = typed(ctx, ctx.node("Sqrt").inputs(typed(ctx, ctx.node("Add").inputs(meanSquare, eps), "shifted",
        reduced)), "rms", reduced);
    String normalized = typed(ctx, ctx.node("Div").inputs(ctx.input(), rms), "normalized", TensorType.floats(shape));
    ctx.node("Mul").inputs(normalized, ctx.parameter("weight")).outputs(ctx.output());
  }

  private static String typed(LayerContext ctx, dev.ortrain.graph.GraphBuilder.NodeBuilder node, String hint,
      TensorType type) {
    String value = node.output(ctx.freshName(hint));
    ctx.graph().valueType(value, type);
    return value;
  }
}
