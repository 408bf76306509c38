package dev.ortrain.nn;

import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.Shape;

/** The sliding window of the 1-D layers over {@code [batch, channels, length]}. */
record Window1d(int kernel, int stride, int padding, int dilation) {

  /** ⌊(length + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1, failing when the kernel does not fit. */
  long outputLength(Shape input) {
    long padded = input.size(2) + 2L * padding;
    long span = (long) dilation * (kernel - 1) + 1;
    if (span > padded) {
      throw new ShapeMismatchException("has a kernel spanning " + span + " that does not fit its input " + input
          + " padded to " + padded + "; use a smaller kernel, more padding or fewer downsampling layers before it");
    }
    return (padded - span) / stride + 1;
  }

  void addAttributes(GraphBuilder.NodeBuilder node) {
    node.ints("kernel_shape", kernel).ints("strides", stride).ints("pads", padding, padding);
  }

  /** E.g. {@code kernel 3 padding 1}: the kernel, then what differs from the defaults. */
  String describe(int defaultStride) {
    return "kernel " + kernel + (stride == defaultStride ? "" : " stride " + stride)
        + (padding == 0 ? "" : " padding " + padding) + (dilation == 1 ? "" : " dilation " + dilation);
  }

  static int atLeast(int minimum, String what, int value) {
    if (value < minimum) {
      throw new IllegalArgumentException("The " + what + " must be >= " + minimum + ", got " + value);
    }
    return value;
  }
}
