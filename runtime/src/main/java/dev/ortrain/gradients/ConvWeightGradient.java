package dev.ortrain.gradients;

import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.Tensors;
import java.util.Arrays;

/**
 * dW of an ungrouped 1-D or 2-D Conv with standard ONNX ops:
 * dW[o, i, k] = Σ_n,p dY[n, o, p]·X_padded[n, i, p·stride + k·dilation]. Both forms below are one large
 * GEMM over the batch and the output positions, instead of ConvGrad's small GEMM per image. Which one is
 * faster depends on how many columns the GEMM has per output channel (C_in × kernel elements); measured on
 * the benchmark CNN at batch 256 (ONNX Runtime 1.24, 2 threads), against the form used before (a
 * Conv over X viewed as [1, N, C_in, spatial], which gathers C_in·3·3 outputs in runs of 3):
 *
 * <ul>
 *   <li><b>columns</b>, when C_in × kernel elements ≤ C_out (a first layer: few input channels): the
 *       im2col matrix is built by a Conv with one-hot filters over X viewed as [C_in, 1, N, spatial], then
 *       dW = Gemm(dY as [C_out, N·out], columns as [C_in·kernel, N·out], transB). The matrix is then no
 *       larger than dY. 1→32 channels on 28x28: 3.5 ms against 5.7.
 *   <li><b>channels last</b>, otherwise: X transposed to [N, spatial, C_in] and viewed as [1, N, spatial,
 *       C_in], correlated with dY as [C_out, N, out spatial, 1]: the summed axes are the batch (channels of
 *       this Conv) and the output positions (its kernel), and C_in becomes the innermost output axis, so
 *       that ONNX Runtime's im2col copies runs of C_in contiguous values. 32→64 channels on 14x14: 12.6 ms
 *       against 16.7, the transpose included.
 * </ul>
 */
final class ConvWeightGradient {
  private final BackwardContext ctx;
  private final GraphBuilder g;
  private final Geometry geo;
  private final int n;
  private final String x;
  private final String weight;
  private final long cIn;

  private ConvWeightGradient(BackwardContext ctx, Geometry geo) {
    this.ctx = ctx;
    this.g = ctx.graph();
    this.geo = geo;
    this.n = geo.spatialAxes();
    this.x = ctx.input(0);
    this.weight = ctx.input(1);
    this.cIn = geo.input().size(1);
  }

  /** The geometry of the forward Conv: n spatial axes, explicit pads (begins, then ends). */
  record Geometry(Shape input, Shape weight, long[] kernel, long[] strides, long[] dilations, long[] pads,
      long[] outSizes) {
    int spatialAxes() {
      return kernel.length;
    }

    long kernelElements() {
      return Shape.of(kernel).elementCount();
    }
  }

  /** Whether the columns form applies: its matrix has no more values than dY. */
  private static boolean usesColumns(Geometry geo) {
    return geo.input().size(1) * geo.kernelElements() <= geo.weight().size(0);
  }

  /**
   * Emits dW, and dB when {@code withBias} (row sums of dY channels-first, which dW reads too), and sets them
   * as the node's input gradients.
   */
  static void emit(BackwardContext ctx, Geometry geo, String dY, boolean withBias) {
    new ConvWeightGradient(ctx, geo).emit(dY, withBias);
  }

  private void emit(String dY, boolean withBias) {
    // Channels first, [C_out, N, out]: the GEMMs' A operand (B, which ONNX Runtime packs, is the smaller one).
    String rows = g.node("Transpose").inputs(dY).ints("perm", swapFirstTwo(n + 2)).output(dY + "_channels_first");
    String dW = usesColumns(geo) ? columns(rows, ctx.gradientName(1)) : channelsLast(rows, ctx.gradientName(1));
    g.valueType(dW, ctx.typeOf(weight));
    ctx.setInputGradient(1, dW);
    if (withBias) {
      long[] summed = new long[n + 1]; // all axes of the rows but the channels'
      for (int i = 0; i < n + 1; i++) {
        summed[i] = i + 1;
      }
      String dB = g.node("ReduceSum").inputs(rows, g.int64s(ctx.input(2) + "_grad_axes", summed)).attr("keepdims", 0L)
          .outputs(ctx.gradientName(2)).get(0);
      ctx.setInputGradient(2, dB);
    }
  }

  /** @param dYChannelsFirst dY as [C_out, N, out spatial] */
  private String columns(String dYChannelsFirst, String dWName) {
    long kernelElements = geo.kernelElements();
    // X as [C_in, 1, N, spatial]: the batch becomes a spatial axis the one-hot filters do not move along.
    String channelsFirst = cIn == 1 ? x
        : g.node("Transpose").inputs(x).ints("perm", swapFirstTwo(n + 2)).output(x + "_channels_first");
    long[] volume = new long[n + 3];
    volume[0] = cIn;
    volume[1] = 1;
    volume[2] = -1;
    for (int i = 0; i < n; i++) {
      volume[i + 3] = geo.input().size(i + 2);
    }
    String asVolume = g.node("Reshape").inputs(channelsFirst, g.int64s(weight + "_grad_columns_input_shape", volume))
        .output(x + "_as_column_source");
    String filters = oneHotFilters(kernelElements);
    // The batch axis (first) is neither strided, dilated nor padded; the spatial axes are as in the forward.
    String columns = g.node("Conv").inputs(asVolume, filters).ints("strides", withAxis(geo.strides(), 0, 1))
        .ints("dilations", withAxis(geo.dilations(), 0, 1)).ints("pads", padsWithAxis(0))
        .output(weight + "_grad_columns");
    String matrix = g.node("Reshape")
        .inputs(columns, g.int64s(weight + "_grad_columns_shape", cIn * kernelElements, -1))
        .output(weight + "_grad_column_matrix");
    String dY = g.node("Reshape")
        .inputs(dYChannelsFirst, g.int64s(weight + "_grad_rows_shape", geo.weight().size(0), -1))
        .output(weight + "_grad_rows");
    // B (packed by ONNX Runtime) is the smaller operand: 2-3x faster than dWᵀ = columns · dY channels-last.
    String product = g.node("Gemm").inputs(dY, matrix).attr("transB", 1L).output(weight + "_grad_matrix");
    return g.node("Reshape").inputs(product, g.int64s(weight + "_grad_shape", geo.weight().resolve(1)))
        .outputs(dWName).get(0);
  }

  /** Filter k picks kernel offset k: [kernel elements, 1, 1, kernel], one 1 each. */
  private String oneHotFilters(long kernelElements) {
    long[] dims = new long[n + 3];
    dims[0] = kernelElements;
    dims[1] = 1;
    dims[2] = 1;
    for (int i = 0; i < n; i++) {
      dims[i + 3] = geo.kernel()[i];
    }
    float[] oneHot = new float[Math.toIntExact(kernelElements * kernelElements)];
    for (int k = 0; k < kernelElements; k++) {
      oneHot[Math.toIntExact(k * kernelElements + k)] = 1f;
    }
    return g.initializer(Tensors.floats(g.freshName(weight + "_grad_offsets"), dims, oneHot));
  }

  /** @param dYChannelsFirst dY as [C_out, N, out spatial] */
  private String channelsLast(String dYChannelsFirst, String dWName) {
    long[] toChannelsLast = new long[n + 2];
    toChannelsLast[0] = 0;
    for (int i = 0; i < n; i++) {
      toChannelsLast[i + 1] = i + 2;
    }
    toChannelsLast[n + 1] = 1;
    String channelsLast = g.node("Transpose").inputs(x).ints("perm", toChannelsLast).output(x + "_channels_last");
    long[] inShape = new long[n + 3];
    long[] kernelShape = new long[n + 3];
    inShape[0] = 1;
    inShape[1] = -1;
    inShape[n + 2] = cIn;
    kernelShape[0] = geo.weight().size(0);
    kernelShape[1] = -1;
    kernelShape[n + 2] = 1;
    long[] sizes = new long[n];
    boolean crop = false;
    for (int i = 0; i < n; i++) {
      long in = geo.input().size(i + 2);
      inShape[i + 2] = in;
      kernelShape[i + 2] = geo.outSizes()[i];
      // Positions the forward's floor division dropped make the correlation longer than the kernel.
      long reach = (geo.outSizes()[i] - 1) * geo.strides()[i] + 1;
      sizes[i] = (in + geo.pads()[i] + geo.pads()[i + n] - reach) / geo.dilations()[i] + 1;
      crop |= sizes[i] != geo.kernel()[i];
    }
    String input = g.node("Reshape").inputs(channelsLast, g.int64s(weight + "_grad_input_shape", inShape))
        .output(x + "_as_volume");
    String kernel = g.node("Reshape").inputs(dYChannelsFirst, g.int64s(weight + "_grad_kernel_shape", kernelShape))
        .output(weight + "_grad_kernel");
    // A correlation: the forward's dilations become its strides and the forward's strides its dilations; the
    // channel axis (last) is neither strided, dilated nor padded.
    String corr = g.node("Conv").inputs(input, kernel).ints("strides", withAxis(geo.dilations(), n, 1))
        .ints("dilations", withAxis(geo.strides(), n, 1)).ints("pads", padsWithAxis(n))
        .output(weight + "_grad_volume");
    if (crop) {
      long[] zeros = new long[n];
      long[] axes = new long[n];
      for (int i = 0; i < n; i++) {
        axes[i] = i + 2;
      }
      corr = g.node("Slice").inputs(corr, g.int64s(weight + "_grad_starts", zeros),
          g.int64s(weight + "_grad_ends", geo.kernel()), g.int64s(weight + "_grad_axes", axes))
          .output(weight + "_grad_cropped");
    }
    // [1, C_out, kernel, C_in] → [1, C_out, C_in, kernel]: a few thousand values.
    long[] toWeightLayout = new long[n + 3];
    toWeightLayout[0] = 0;
    toWeightLayout[1] = 1;
    toWeightLayout[2] = n + 2;
    for (int i = 0; i < n; i++) {
      toWeightLayout[i + 3] = i + 2;
    }
    String ordered = g.node("Transpose").inputs(corr).ints("perm", toWeightLayout).output(weight + "_grad_ordered");
    return g.node("Reshape").inputs(ordered, g.int64s(weight + "_grad_shape", geo.weight().resolve(1)))
        .outputs(dWName).get(0);
  }

  /** {@code values} with {@code value} inserted at index {@code at}. */
  private static long[] withAxis(long[] values, int at, long value) {
    long[] out = new long[values.length + 1];
    System.arraycopy(values, 0, out, 0, at);
    out[at] = value;
    System.arraycopy(values, at, out, at + 1, values.length - at);
    return out;
  }

  /** The forward's pads (begins, then ends) with no padding on an extra axis at index {@code at} of each half. */
  private long[] padsWithAxis(int at) {
    long[] begins = withAxis(Arrays.copyOfRange(geo.pads(), 0, n), at, 0);
    long[] ends = withAxis(Arrays.copyOfRange(geo.pads(), n, 2 * n), at, 0);
    long[] pads = Arrays.copyOf(begins, 2 * n + 2);
    System.arraycopy(ends, 0, pads, n + 1, n + 1);
    return pads;
  }

  /** The permutation of a rank-r tensor that swaps axes 0 and 1. */
  static long[] swapFirstTwo(int rank) {
    long[] perm = new long[rank];
    for (int i = 0; i < rank; i++) {
      perm[i] = i;
    }
    perm[0] = 1;
    perm[1] = 0;
    return perm;
  }
}
