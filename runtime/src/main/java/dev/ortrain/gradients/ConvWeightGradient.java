package dev.ortrain.gradients;

import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.LayoutMark;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.Tensors;
import java.util.Arrays;

/**
 * dW of an ungrouped 1-D or 2-D Conv with standard ONNX ops:
 * dW[o, i, k] = Σ_n,p dY[n, o, p]·X_padded[n, i, p·stride + k·dilation]. Both forms below are large GEMMs
 * over the batch and the output positions, instead of ConvGrad's small GEMM per image with its im2col. Which one
 * is faster depends on how many columns the GEMM has per output channel (C_in × kernel elements); the
 * measurements behind each choice are in docs/performance-notes.md:
 *
 * <ul>
 *   <li><b>columns</b>, when C_in × kernel elements ≤ C_out (a first layer: few input channels): per image, an
 *       im2col matrix [C_in·kernel, out] built by a Conv with one-hot filters over X viewed as [N·C_in, 1,
 *       spatial], with one more all-zero filter whose bias is 1 (a row of ones, when the Conv has a bias), is
 *       multiplied by dY channels-last [out, C_out] (a batched MatMul) and summed over the batch: dW, and dB
 *       from the row of ones. dY channels-last is one reorder from a blocked dY, or none at all where
 *       dev.ortrain.layout multiplies the blocked panels directly, and dB comes with dW, not from a separate
 *       ReduceSum.
 *   <li><b>channels last</b>, otherwise: X transposed to [N, spatial, C_in] and viewed as [1, N, spatial,
 *       C_in], correlated with dY as [C_out, N, out spatial, 1]: the summed axes are the batch (channels of
 *       this Conv) and the output positions (its kernel), and C_in becomes the innermost output axis, so
 *       that ONNX Runtime's im2col copies runs of C_in contiguous values. The images are split into
 *       {@link #GROUPS} groups (a grouped Conv, summed over the groups), which ONNX Runtime runs one whole
 *       group per thread, the zero-padding of the batch to a multiple of the groups paid for.
 * </ul>
 */
final class ConvWeightGradient {
  /**
   * Groups of images the channels-last correlation sums separately (a grouped Conv, then a sum over the groups).
   * ONNX Runtime runs the groups of a grouped Conv on separate threads, each with one whole im2col and GEMM,
   * instead of slicing one GEMM's columns across threads in small segments; 16 keeps up to 16 threads busy
   * and was as fast as 2 on 2 threads. The batch is padded with zero images to a multiple of it.
   */
  static final long GROUPS = 16;
  /**
   * Each thread of a grouped Conv holds its group's whole im2col matrix: (N / GROUPS) images of this many floats
   * at most each (1 MB), or the correlation is not grouped (large images would need hundreds of MB per thread).
   */
  static final long MAX_GROUPED_IM2COL_PER_IMAGE = 1 << 18;

  private final BackwardContext ctx;
  private final GraphBuilder g;
  private final Geometry geo;
  private final int n;
  private final String x;
  private final String weight;
  private final long cIn;

  private ConvWeightGradient(BackwardContext ctx, Geometry geo, String x) {
    this.ctx = ctx;
    this.g = ctx.graph();
    this.geo = geo;
    this.n = geo.spatialAxes();
    this.x = x;
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

  /**
   * The fewest input channels for which the channels-last form beats ConvGrad's weight gradient: its im2col
   * copies runs of C_in values, and with 16 it is faster than ConvGrad where dev.ortrain.layout reorders X
   * straight to channels-last from the blocked layout (x86-64); fewer channels were not measured
   * (docs/imported-models-performance.md).
   */
  static final long MIN_CHANNELS_LAST_INPUT_CHANNELS = 16;

  /**
   * Whether one of the forms below is the faster way to this weight gradient: the columns form where it
   * applies, the channels-last one from {@link #MIN_CHANNELS_LAST_INPUT_CHANNELS} input channels; else
   * ConvGrad's per-image GEMMs are.
   */
  static boolean prefersStandardOps(Geometry geo) {
    return usesColumns(geo) || geo.input().size(1) >= MIN_CHANNELS_LAST_INPUT_CHANNELS;
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
    new ConvWeightGradient(ctx, geo, ctx.input(0)).emit(dY, withBias);
  }

  /**
   * Emits dW of a ConvTranspose node (input 1, [C_in, C_out, kernel]) and sets it as the node's input
   * gradient. A ConvTranspose is the input gradient of the Conv that maps its dY to its X with the same
   * weight, so its dW is that Conv's: the correlation below with the roles of X and dY swapped.
   *
   * @param geo the geometry of that Conv: input = the ConvTranspose's output, outSizes = its input's sizes
   * @param dY the ConvTranspose's output gradient (the Conv's input)
   * @param x the ConvTranspose's input (the Conv's output gradient)
   */
  static void emitTransposed(BackwardContext ctx, Geometry geo, String dY, String x) {
    new ConvWeightGradient(ctx, geo, dY).emit(x, false);
  }

  private void emit(String dY, boolean withBias) {
    if (usesColumns(geo)) {
      perImageColumns(dY, withBias);
      return;
    }
    long groups = groups(geo);
    // The batch padded to a multiple of the groups with zero images (which add nothing to dW or dB).
    String padding = groups > 1 ? batchPadding(dY, groups) : null;
    String dYPadded = groups > 1 ? padFirstAxis(dY, padding, dY + "_batch_padded") : dY;
    // [groups, C_out, N/groups, out]: per group of images, dY channels-first; the correlation's kernel.
    long outCount = Shape.of(geo.outSizes()).elementCount();
    long cOut = geo.weight().size(0);
    String split = g.node("Reshape")
        .inputs(dYPadded, g.int64s(weight + "_grad_group_split_shape", groups, -1, cOut, outCount))
        .output(dY + "_grouped_split");
    String grouped = g.node("Transpose").inputs(split).ints("perm", 0, 2, 1, 3).output(dY + "_grouped_channels_first");
    String dW = channelsLast(grouped, groups, padding, ctx.gradientName(1));
    g.valueType(dW, ctx.typeOf(weight));
    ctx.setInputGradient(1, dW);
    if (withBias) {
      // Over the positions (contiguous) first, then the groups and images of the small rest.
      String perImage = g.node("ReduceSum").inputs(grouped, g.int64s(ctx.input(2) + "_grad_positions_axis", 3))
          .attr("keepdims", 0L).output(ctx.input(2) + "_grad_per_image");
      String dB = g.node("ReduceSum").inputs(perImage, g.int64s(ctx.input(2) + "_grad_axes", 0, 2))
          .attr("keepdims", 0L).outputs(ctx.gradientName(2)).get(0);
      ctx.setInputGradient(2, dB);
    }
  }

  /** {@link #GROUPS}, or 1 where a group's im2col matrix per image would exceed its bound. */
  static long groups(Geometry geo) {
    // The correlation's im2col: its output (kernel offsets × C_in) by its kernel (the output positions).
    long perImage = geo.kernelElements() * geo.input().size(1) * Shape.of(geo.outSizes()).elementCount();
    return perImage <= MAX_GROUPED_IM2COL_PER_IMAGE ? GROUPS : 1;
  }

  /** (groups − N mod groups) mod groups, as a one-element int64 tensor: the zero images that pad N. */
  private String batchPadding(String dY, long groupCount) {
    String shape = g.node("Shape").inputs(dY).attr("start", 0L).attr("end", 1L).output(dY + "_batch_size");
    String groups = g.int64s(weight + "_grad_groups", groupCount);
    String rest = g.node("Mod").inputs(shape, groups).output(dY + "_batch_rest");
    String missing = g.node("Sub").inputs(groups, rest).output(dY + "_batch_missing");
    return g.node("Mod").inputs(missing, groups).output(dY + "_batch_padding");
  }

  /**
   * {@code value} with {@code padding} zero slices appended along its first axis: a Concat with zeros, which
   * ONNX Runtime copies in one block, twice as fast as its Pad kernel (none appended when N is a multiple of
   * the groups).
   */
  private String padFirstAxis(String value, String padding, String hint) {
    String rest = g.node("Shape").inputs(value).attr("start", 1L).output(hint + "_rest_shape");
    String shape = g.node("Concat").inputs(padding, rest).attr("axis", 0L).output(hint + "_zeros_shape");
    String zeros = g.node("ConstantOfShape").inputs(shape).output(hint + "_zeros");
    return g.node("Concat").inputs(value, zeros).attr("axis", 0L).output(hint);
  }

  /**
   * The columns form: per image, an im2col matrix [C_in·(kernel + 1), out] (with a row of ones for the bias)
   * times dY channels-last [out, C_out], summed over the batch. dW and dB are slices of the sum.
   *
   * @param dY dY as [N, C_out, out spatial]
   */
  private void perImageColumns(String dY, boolean withBias) {
    long kernelElements = geo.kernelElements();
    long filtersPerChannel = kernelElements + (withBias ? 1 : 0);
    long rowsPerImage = cIn * filtersPerChannel;
    long cOut = geo.weight().size(0);
    long outCount = Shape.of(geo.outSizes()).elementCount();
    // X as [N·C_in, 1, spatial]: every input channel of every image is one single-channel image.
    long[] images = new long[n + 2];
    images[0] = -1;
    images[1] = 1;
    for (int i = 0; i < n; i++) {
      images[i + 2] = geo.input().size(i + 2);
    }
    String asImages = g.node("Reshape").inputs(x, g.int64s(weight + "_grad_images_shape", images))
        .output(x + "_as_images");
    String filters = oneHotFilters(kernelElements, withBias);
    String[] operands = withBias ? new String[] {asImages, filters, onesRowBias()} : new String[] {asImages, filters};
    String columns = g.node("Conv").inputs(operands)
        .ints("strides", geo.strides()).ints("dilations", geo.dilations()).ints("pads", geo.pads())
        .output(weight + "_grad_columns");
    String matrix = g.node("Reshape")
        .inputs(columns, g.int64s(weight + "_grad_columns_shape", -1, rowsPerImage, outCount))
        .output(weight + "_grad_column_matrix");
    // Channels last straight from a blocked dY is one reorder (dev.ortrain.layout).
    String channelsLast = channelsLastOf(dY);
    String dYRows = g.node("Reshape")
        .inputs(channelsLast, g.int64s(weight + "_grad_rows_shape", -1, outCount, cOut))
        .output(weight + "_grad_rows");
    // Marked: over a blocked dY, the CPU layout pass multiplies its channel panels without reordering it.
    String perImage = g.node("MatMul").inputs(matrix, dYRows).output(LayoutMark.BATCH_SUMMED_PRODUCT.output(weight));
    String summed = g.node("ReduceSum").inputs(perImage, g.int64s(weight + "_grad_batch_axis", 0))
        .attr("keepdims", 0L).output(weight + "_grad_summed");
    String grouped = g.node("Reshape")
        .inputs(summed, g.int64s(weight + "_grad_grouped_shape", cIn, filtersPerChannel, cOut))
        .output(weight + "_grad_grouped");
    String offsets = withBias ? g.node("Slice").inputs(grouped, g.int64s(weight + "_grad_offset_starts", 0),
        g.int64s(weight + "_grad_offset_ends", kernelElements), g.int64s(weight + "_grad_offset_axes", 1))
        .output(weight + "_grad_offsets_only") : grouped;
    // [C_in, kernel, C_out] → [C_out, C_in, kernel]: a few hundred values.
    String ordered = g.node("Transpose").inputs(offsets).ints("perm", 2, 0, 1).output(weight + "_grad_ordered");
    String dW = g.node("Reshape").inputs(ordered, g.int64s(weight + "_grad_shape", geo.weight().resolve(1)))
        .outputs(ctx.gradientName(1)).get(0);
    g.valueType(dW, ctx.typeOf(weight));
    ctx.setInputGradient(1, dW);
    if (withBias) {
      // The ones row of the first input channel: Σ over images and positions of dY.
      String onesRow = g.node("Slice").inputs(grouped, g.int64s(ctx.input(2) + "_grad_starts", 0, kernelElements),
          g.int64s(ctx.input(2) + "_grad_ends", 1, filtersPerChannel), g.int64s(ctx.input(2) + "_grad_axes", 0, 1))
          .output(ctx.input(2) + "_grad_row");
      String dB = g.node("Reshape").inputs(onesRow, g.int64s(ctx.input(2) + "_grad_shape", cOut))
          .outputs(ctx.gradientName(2)).get(0);
      ctx.setInputGradient(2, dB);
    }
  }

  /** Filter k picks kernel offset k: [kernel elements (+ 1 all-zero filter for the bias row), 1, kernel]. */
  private String oneHotFilters(long kernelElements, boolean withBias) {
    long filters = kernelElements + (withBias ? 1 : 0);
    long[] dims = new long[n + 2];
    dims[0] = filters;
    dims[1] = 1;
    for (int i = 0; i < n; i++) {
      dims[i + 2] = geo.kernel()[i];
    }
    float[] oneHot = new float[Math.toIntExact(filters * kernelElements)];
    for (int k = 0; k < kernelElements; k++) {
      oneHot[Math.toIntExact(k * kernelElements + k)] = 1f;
    }
    return g.initializer(Tensors.floats(g.freshName(weight + "_grad_offsets"), dims, oneHot));
  }

  /** The columns Conv's bias: 0 for the offset filters, 1 for the all-zero filter (the row of ones). */
  private String onesRowBias() {
    long kernelElements = geo.kernelElements();
    float[] biases = new float[Math.toIntExact(kernelElements + 1)];
    biases[biases.length - 1] = 1f;
    return g.initializer(Tensors.floats(g.freshName(weight + "_grad_ones_row"), new long[] {biases.length}, biases));
  }

  /**
   * @param grouped dY as [groups, C_out, N/groups, out], N padded
   * @param padding the zero images that pad N (null for one group)
   */
  private String channelsLast(String grouped, long groups, String padding, String dWName) {
    String channelsLast = channelsLastOf(x);
    if (groups > 1) {
      channelsLast = padFirstAxis(channelsLast, padding, x + "_channels_last_padded");
    }
    long[] inShape = new long[n + 3];
    long[] kernelShape = new long[n + 3];
    inShape[0] = 1;
    inShape[1] = -1;
    inShape[n + 2] = cIn;
    kernelShape[0] = groups * geo.weight().size(0);
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
    String kernel = g.node("Reshape").inputs(grouped, g.int64s(weight + "_grad_kernel_shape", kernelShape))
        .output(weight + "_grad_kernel");
    // A correlation: the forward's dilations become its strides and the forward's strides its dilations; the
    // channel axis (last) is neither strided, dilated nor padded.
    String perGroup = g.node("Conv").inputs(input, kernel).ints("strides", withAxis(geo.dilations(), n, 1))
        .ints("dilations", withAxis(geo.strides(), n, 1)).ints("pads", padsWithAxis(n)).attr("group", groups)
        .output(weight + "_grad_volume");
    // [1, groups·C_out, sizes, C_in] → Σ over the groups → [1, C_out, sizes, C_in].
    String groupSum = perGroup;
    if (groups > 1) {
      String byGroup = g.node("Reshape")
          .inputs(perGroup, g.int64s(weight + "_grad_by_group_shape", groups, geo.weight().size(0), -1))
          .output(weight + "_grad_by_group");
      groupSum = g.node("ReduceSum").inputs(byGroup, g.int64s(weight + "_grad_groups_axis", 0))
          .attr("keepdims", 0L).output(weight + "_grad_group_sum");
    }
    long[] volume = new long[n + 3];
    volume[0] = 1;
    volume[1] = geo.weight().size(0);
    for (int i = 0; i < n; i++) {
      volume[i + 2] = sizes[i];
    }
    volume[n + 2] = cIn;
    String corr = g.node("Reshape").inputs(groupSum, g.int64s(weight + "_grad_volume_shape", volume))
        .output(weight + "_grad_summed_volume");
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

  /** {@code value} [N, C, spatial] transposed to channels-last [N, spatial, C]. */
  private String channelsLastOf(String value) {
    long[] perm = new long[n + 2];
    for (int i = 0; i < n; i++) {
      perm[i + 1] = i + 2;
    }
    perm[n + 1] = 1;
    return g.node("Transpose").inputs(value).ints("perm", perm).output(value + "_channels_last");
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
