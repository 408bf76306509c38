package dev.ortrain.nn;

import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.Shape;

/** The sliding-window geometry shared by convolution and pooling: kernel, stride, padding and dilation. */
record Window2d(int kernelH, int kernelW, int strideH, int strideW, Padding2d padding, int dilationH,
    int dilationW) {

  Window2d {
    requirePositive("kernel size", kernelH, kernelW);
    requirePositive("stride", strideH, strideW);
    requirePositive("dilation", dilationH, dilationW);
  }

  /** The output size for an input {@code [batch, C, H, W]}, keeping {@code channels} output channels. */
  Shape outputShape(Shape input, long channels) {
    long paddedH = input.size(2) + padding.height();
    long paddedW = input.size(3) + padding.width();
    long spanH = (long) dilationH * (kernelH - 1) + 1;
    long spanW = (long) dilationW * (kernelW - 1) + 1;
    if (spanH > paddedH || spanW > paddedW) {
      String dilated = dilationH == 1 && dilationW == 1 ? "" : " (" + spanH + "x" + spanW + " dilated)";
      throw new ShapeMismatchException("has a kernel of " + kernelH + "x" + kernelW + dilated
          + " that does not fit its input " + input + " padded to " + paddedH + "x" + paddedW
          + "; use a smaller kernel, more padding or fewer downsampling layers before it");
    }
    return input.withPerSample(channels, (paddedH - spanH) / strideH + 1, (paddedW - spanW) / strideW + 1);
  }

  /** Adds kernel_shape, strides and pads, and dilations when {@code withDilations}. */
  void addAttributes(GraphBuilder.NodeBuilder node, boolean withDilations) {
    node.ints("kernel_shape", kernelH, kernelW).ints("strides", strideH, strideW).ints("pads", padding.onnxPads());
    if (withDilations) {
      node.ints("dilations", dilationH, dilationW);
    }
  }

  /** E.g. {@code kernel 3x3 stride 2 padding 1}: the kernel, then only what differs from the defaults. */
  String describe(boolean strideDefaultsToKernel) {
    StringBuilder b = new StringBuilder("kernel ").append(kernelH).append('x').append(kernelW);
    boolean defaultStride = strideDefaultsToKernel
        ? strideH == kernelH && strideW == kernelW
        : strideH == 1 && strideW == 1;
    if (!defaultStride) {
      b.append(" stride ").append(pair(strideH, strideW));
    }
    if (!padding.isZero()) {
      b.append(" padding ").append(padding);
    }
    if (dilationH != 1 || dilationW != 1) {
      b.append(" dilation ").append(pair(dilationH, dilationW));
    }
    return b.toString();
  }

  Window2d withStride(int h, int w) {
    return new Window2d(kernelH, kernelW, h, w, padding, dilationH, dilationW);
  }

  Window2d withPadding(Padding2d p) {
    return new Window2d(kernelH, kernelW, strideH, strideW, p, dilationH, dilationW);
  }

  Window2d withDilation(int h, int w) {
    return new Window2d(kernelH, kernelW, strideH, strideW, padding, h, w);
  }

  private static String pair(int h, int w) {
    return h == w ? Integer.toString(h) : h + "x" + w;
  }

  private static void requirePositive(String what, int h, int w) {
    if (h < 1 || w < 1) {
      throw new IllegalArgumentException("The " + what + " must be >= 1, got " + h + "x" + w);
    }
  }
}
