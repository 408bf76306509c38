package dev.ortrain.gradients;

/**
 * How {@link GradientRegistry#standard(GradientFormulation)} differentiates convolution, max pooling and the
 * recurrent layers.
 * Both forms of each are exact gradients and pass the same numerical checks; they differ in speed and, for
 * max pooling, in how tied maxima share the gradient. ONNX Runtime's ConvGrad loops over the images with a
 * small GEMM each, MaxPoolGrad is a single-threaded scatter that needs the forward MaxPool's Indices output,
 * and MaxPool with that output runs a much slower generic kernel; the standard-op forms use ONNX Runtime's
 * optimized inference kernels (figures in docs/performance-notes.md).
 *
 * @param conv how Conv is differentiated
 * @param maxPool how MaxPool is differentiated
 * @param poolBeforeRelu with {@link MaxPool#VALUE_MASK}: the training graph computes Relu → MaxPool (where
 *     the Relu output feeds nothing else) as MaxPool → Relu, which is exactly equal, so that Relu and its
 *     gradient run on the pooled tensor (the eval graph keeps the original order)
 * @param recurrence what the training graph computes LSTM and GRU with
 */
public record GradientFormulation(Conv conv, MaxPool maxPool, boolean poolBeforeRelu, Recurrence recurrence) {
  /** Conv gradient. */
  public enum Conv {
    /** {@code com.microsoft.ConvGrad}. */
    TRAINING_KERNEL,
    /**
     * dX = a Conv of dY with the flipped kernel (strides 1), one Conv over the stride phases and a DepthToSpace
     * (equal 2-D strides, see StridedInputGradient) or ConvTranspose(dY, W); dW = a Conv correlating
     * the input channels-last with dY channels-first, or, for few input channels, per-image im2col matrices
     * times dY channels-last (see ConvWeightGradient); dB = ReduceSum(dY), or a row of ones in the im2col
     * matrices. Grouped convolutions and inputs with symbolic spatial axes fall back to ConvGrad.
     */
    STANDARD_OPS,
    /**
     * {@link #STANDARD_OPS} where its weight gradient is the faster one (the columns form, or at least 16
     * input channels: see ConvWeightGradient), dW and dB from ConvGrad otherwise (an 8-channel
     * stages); dX always as {@link #STANDARD_OPS}. The default.
     */
    WHERE_FASTER,
    /** dX as {@link #STANDARD_OPS}, dW and dB from ConvGrad (with its dX output omitted). */
    STANDARD_OPS_DX,
    /** dW and dB as {@link #STANDARD_OPS}, dX from ConvGrad (with its dW and dB outputs omitted). */
    STANDARD_OPS_DW
  }

  /** MaxPool gradient. */
  public enum MaxPool {
    /** {@code MaxPoolGrad(dY, Indices)}; the forward MaxPool outputs its indices. */
    TRAINING_KERNEL,
    /**
     * For non-overlapping windows that tile the input exactly (kernel = strides, no padding, dilation 1,
     * static spatial size): dY is routed to the position of the window's maximum found by comparing X
     * with the pooled Y, and the forward MaxPool needs no indices output. Tied maxima share the window's
     * gradient equally (the sum stays dY; PyTorch and MaxPoolGrad give it all to one of them). Other
     * pools fall back to MaxPoolGrad.
     */
    VALUE_MASK
  }

  /** Training form of LSTM and GRU; both are exact and pass the same numerical checks. */
  public enum Recurrence {
    /**
     * {@code com.microsoft.LSTMTraining} / {@code GRUTraining} forward, {@code LSTMGrad} / {@code GRUGrad}
     * backward (see RecurrentRewrite).
     */
    KERNEL,
    /**
     * The recurrence unrolled over its static sequence length into standard operators (one MatMul of the
     * inputs for all steps, one Gemm of the state per step, the gate math element-wise), differentiated by
     * their own rules, an LSTM's steps by one rule for the layer (see RecurrentUnrolling). Layers whose sequence length is symbolic fall back to
     * {@link #KERNEL}. The default: the kernels' gradients loop over the batch one sample at a time (figures
     * in docs/recurrent-formulations.md).
     */
    UNROLLED
  }

  public GradientFormulation {
    if (conv == null || maxPool == null || recurrence == null) {
      throw new IllegalArgumentException("conv, maxPool and recurrence formulations must not be null");
    }
  }

  /** With the default recurrence, {@link Recurrence#UNROLLED}. */
  public GradientFormulation(Conv conv, MaxPool maxPool, boolean poolBeforeRelu) {
    this(conv, maxPool, poolBeforeRelu, Recurrence.UNROLLED);
  }

  /** With {@code poolBeforeRelu} where the max-pool formulation is the value mask, and the default recurrence. */
  public GradientFormulation(Conv conv, MaxPool maxPool) {
    this(conv, maxPool, maxPool == MaxPool.VALUE_MASK);
  }

  /**
   * The formulation {@link GradientRegistry#standard()} uses: standard ops for both, which train faster than
   * the training kernels (docs/performance-notes.md; the GradientFormulations benchmark measures it with
   * {@code --compare formulations}).
   */
  public static GradientFormulation defaults() {
    return standardOps();
  }

  /** ONNX Runtime's training kernels (ConvGrad, MaxPoolGrad, LSTMGrad, GRUGrad) everywhere. */
  public static GradientFormulation trainingKernels() {
    return new GradientFormulation(Conv.TRAINING_KERNEL, MaxPool.TRAINING_KERNEL, false, Recurrence.KERNEL);
  }

  /** Standard ONNX operators where the case is covered and they are the faster form. */
  public static GradientFormulation standardOps() {
    return new GradientFormulation(Conv.WHERE_FASTER, MaxPool.VALUE_MASK, true, Recurrence.UNROLLED);
  }

  public GradientFormulation withConv(Conv c) {
    return new GradientFormulation(c, maxPool, poolBeforeRelu, recurrence);
  }

  /** The given max-pool formulation, with {@code poolBeforeRelu} exactly when it is the value mask. */
  public GradientFormulation withMaxPool(MaxPool m) {
    return new GradientFormulation(conv, m, m == MaxPool.VALUE_MASK, recurrence);
  }

  public GradientFormulation withPoolBeforeRelu(boolean b) {
    return new GradientFormulation(conv, maxPool, b, recurrence);
  }

  public GradientFormulation withRecurrence(Recurrence r) {
    return new GradientFormulation(conv, maxPool, poolBeforeRelu, r);
  }
}
