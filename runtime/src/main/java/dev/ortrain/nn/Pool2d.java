package dev.ortrain.nn;

import dev.ortrain.graph.Shape;

/** Kernel, stride (defaulting to the kernel, as in PyTorch) and padding of the 2-D pooling layers. */
public abstract class Pool2d<S extends Pool2d<S>> extends AbstractLayer<S> {
  private Window2d window;

  protected Pool2d(int kernelHeight, int kernelWidth) {
    this.window = new Window2d(kernelHeight, kernelWidth, kernelHeight, kernelWidth, Padding2d.of(0), 1, 1);
  }

  public S stride(int stride) {
    return stride(stride, stride);
  }

  public S stride(int height, int width) {
    window = window.withStride(height, width);
    return self();
  }

  /** Padding on all sides; at most half the kernel, as PyTorch requires. */
  public S padding(int padding) {
    return padding(Padding2d.of(padding));
  }

  public S padding(int height, int width) {
    return padding(Padding2d.of(height, width));
  }

  public S padding(Padding2d padding) {
    if (Math.max(padding.top(), padding.bottom()) > window.kernelH() / 2
        || Math.max(padding.left(), padding.right()) > window.kernelW() / 2) {
      throw new IllegalArgumentException(getClass().getSimpleName() + " padding " + padding
          + " is more than half the kernel " + window.kernelH() + "x" + window.kernelW()
          + "; a window could then hold only padding");
    }
    window = window.withPadding(padding);
    return self();
  }

  protected Window2d window() {
    return window;
  }

  @Override
  public Shape outputShape(Shape input) {
    requireRank(input, 4, "[batch, channels, height, width]",
        getClass().getSimpleName() + " takes images as [batch, channels, height, width]");
    return window.outputShape(input, input.size(1));
  }
}
