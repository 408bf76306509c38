package dev.ortrain.nn;

import dev.ortrain.graph.Shape;

/**
 * Adds the fixed sinusoidal positions of "Attention Is All You Need" to {@code [batch, length, dim]}:
 * {@code pe[p, 2i] = sin(p / 10000^(2i/dim))}, {@code pe[p, 2i+1] = cos(p / 10000^(2i/dim))}. A constant of
 * the graph, not a parameter: nothing trains and nothing is loaded.
 */
public final class SinusoidalPositionalEncoding extends ElementwiseLayer<SinusoidalPositionalEncoding> {
  private final long dim;
  private final long maxLength;

  public SinusoidalPositionalEncoding(long dim, long maxLength) {
    if (dim < 2 || dim % 2 != 0 || maxLength < 1) {
      throw new IllegalArgumentException("SinusoidalPositionalEncoding needs an even dim >= 2 (sines and cosines"
          + " pair up) and max_length >= 1, got " + dim + " and " + maxLength);
    }
    this.dim = dim;
    this.maxLength = maxLength;
  }

  @Override
  public String describe() {
    return "SinusoidalPositionalEncoding " + dim + " up to " + maxLength;
  }

  @Override
  public Shape outputShape(Shape input) {
    String expected = "[batch, length <= " + maxLength + ", " + dim + "]";
    requireRank(input, 3, expected, "give it a sequence of vectors, e.g. from an Embedding");
    if (input.size(2) != dim || input.size(1) > maxLength) {
      throw new ShapeMismatchException("expects input " + expected + " but gets " + input
          + (input.size(2) != dim ? "; set dim to " + input.size(2) : "; raise max_length to " + input.size(1)));
    }
    return input;
  }

  /** The encodings of the first {@code length} positions, row-major {@code [length, dim]}. */
  float[] table(long length) {
    float[] pe = new float[(int) (length * dim)];
    for (int p = 0; p < length; p++) {
      for (int i = 0; i < dim; i += 2) {
        double angle = p / Math.pow(10000, (double) i / dim);
        pe[(int) (p * dim + i)] = (float) Math.sin(angle);
        pe[(int) (p * dim + i + 1)] = (float) Math.cos(angle);
      }
    }
    return pe;
  }

  @Override
  public void emit(LayerContext ctx) {
    long length = ctx.inputShape().size(1);
    String pe = ctx.graph().initializer(dev.ortrain.graph.Tensors.floats(ctx.freshName("positions"),
        new long[] {length, dim}, table(length)));
    ctx.node("Add").inputs(ctx.input(), pe).outputs(ctx.output());
  }
}
