package dev.ortrain.gradients;

import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.graph.Tensors;
import java.util.Optional;

/**
 * dX of a 2-D Conv with equal strides s ≥ 2 (dilation 1) as a stride-1 Conv and a DepthToSpace, instead of
 * ConvTranspose (docs/imported-models-performance.md): the rows and columns of dX at phase (φh, φw), dX[i,
 * s·R + φh, s·C + φw], are a plain correlation of dY with the kernel taps k ≡ φ − pad (mod s), so one Conv of
 * dY with s² stacked sub-kernels [s²·C_in, C_out, Lh, Lw] computes every phase, and DepthToSpace (DCR)
 * interleaves them; taps a phase lacks are zeros. Per axis, with forward pad p and kernel K, a phase reads
 * dY[R − t] for t from t_min = −⌊(s − 1 + p) / s⌋ to t_max = ⌊(K − 1 − p) / s⌋, the tap k = s·t + φ + p.
 */
final class StridedInputGradient {
  private final BackwardContext ctx;
  private final GraphBuilder g;
  private final long stride;
  private final Axis rows;
  private final Axis columns;

  /** One spatial axis of the forward Conv as the phase correlation sees it. */
  private record Axis(long kernel, long padBegin, long in, long out, long stride) {
    long tapMin() {
      return -Math.floorDiv(stride - 1 + padBegin, stride);
    }

    long tapMax() {
      return Math.floorDiv(kernel - 1 - padBegin, stride);
    }

    /** The taps of each phase's sub-kernel. */
    long length() {
      return tapMax() - tapMin() + 1;
    }

    /** Rows of each phase: ⌈in / s⌉, the last phases' extra rows cropped after the interleaving. */
    long phaseRows() {
      return -Math.floorDiv(-in, stride);
    }

    /** Zeros after dY so that every phase row finds its taps; negative where dY is longer than needed. */
    long padEnd() {
      return phaseRows() - out - tapMin();
    }

    /** The forward kernel tap that sub-kernel position j of phase φ reads, or −1 where the phase has none. */
    long tap(long phase, long j) {
      long k = stride * (tapMax() - j) + phase + padBegin;
      return k >= 0 && k < kernel ? k : -1;
    }

    boolean covered() {
      return tapMax() >= 0 && padEnd() >= 0;
    }
  }

  private StridedInputGradient(BackwardContext ctx, long stride, Axis rows, Axis columns) {
    this.ctx = ctx;
    this.g = ctx.graph();
    this.stride = stride;
    this.rows = rows;
    this.columns = columns;
  }

  /**
   * This form for the Conv of {@code geo}, or empty where it does not apply (not 2-D, unequal strides or
   * strides of 1, dilations, or pads beyond the kernel's reach): then ConvTranspose it is.
   */
  static Optional<StridedInputGradient> of(BackwardContext ctx, ConvWeightGradient.Geometry geo) {
    if (geo.spatialAxes() != 2 || geo.strides()[0] != geo.strides()[1] || geo.strides()[0] < 2
        || geo.dilations()[0] != 1 || geo.dilations()[1] != 1) {
      return Optional.empty();
    }
    long s = geo.strides()[0];
    Axis rows = new Axis(geo.kernel()[0], geo.pads()[0], geo.input().size(2), geo.outSizes()[0], s);
    Axis columns = new Axis(geo.kernel()[1], geo.pads()[1], geo.input().size(3), geo.outSizes()[1], s);
    return rows.covered() && columns.covered() ? Optional.of(new StridedInputGradient(ctx, s, rows, columns))
        : Optional.empty();
  }

  /** Emits dX from {@code dY} and sets it as the node's input gradient. */
  void emit(String dY) {
    TensorType x = ctx.typeOf(ctx.input(0));
    GraphBuilder.NodeBuilder interleave = g.node("DepthToSpace").inputs(phases(dY, x)).attr("blocksize", stride)
        .attr("mode", "DCR");
    String dX = cropped() ? crop(interleave, x) : interleave.outputs(ctx.gradientName(0)).get(0);
    g.valueType(dX, x);
    ctx.setInputGradient(0, dX);
  }

  /** Every phase of dX, [N, s²·C_in, ⌈H / s⌉, ⌈W / s⌉]: one Conv of dY with the phases' sub-kernels. */
  private String phases(String dY, TensorType x) {
    String weight = ctx.input(1);
    Shape w = ctx.typeOf(weight).shape();
    String phases = g.node("Conv").inputs(dY, phaseKernels(weight, w.size(0), w.size(1)))
        .ints("kernel_shape", rows.length(), columns.length())
        .ints("pads", rows.tapMax(), columns.tapMax(), rows.padEnd(), columns.padEnd())
        .output(weight + "_dx_phases");
    // A known shape lets dev.ortrain.layout interleave the phases on the blocked tensor.
    g.valueType(phases, new TensorType(x.dataType(),
        x.shape().withPerSample(stride * stride * w.size(1), rows.phaseRows(), columns.phaseRows())));
    return phases;
  }

  /** Whether the interleaved phases reach past X (where s does not divide its size). */
  private boolean cropped() {
    return stride * rows.phaseRows() != rows.in() || stride * columns.phaseRows() != columns.in();
  }

  /** dX: the interleaved phases cut to X's size. */
  private String crop(GraphBuilder.NodeBuilder interleave, TensorType x) {
    String weight = ctx.input(1);
    String interleaved = interleave.output(weight + "_dx_interleaved");
    g.valueType(interleaved, new TensorType(x.dataType(), x.shape().withPerSample(x.shape().size(1),
        stride * rows.phaseRows(), stride * columns.phaseRows())));
    return g.node("Slice").inputs(interleaved, g.int64s(weight + "_dx_crop_starts", 0, 0),
        g.int64s(weight + "_dx_crop_ends", rows.in(), columns.in()), g.int64s(weight + "_dx_crop_axes", 2, 3))
        .outputs(ctx.gradientName(0)).get(0);
  }

  /**
   * W [C_out, C_in, Kh, Kw] → [s²·C_in, C_out, Lh, Lw]: sub-kernel (φh, φw) holds the taps of its phase, zeros
   * where it has none. A Gather of the taps from W with a zero appended as its last tap: a few thousand values.
   */
  private String phaseKernels(String weight, long cOut, long cIn) {
    long taps = rows.kernel() * columns.kernel();
    String flat = g.node("Reshape").inputs(weight, g.int64s(weight + "_dx_taps_shape", cOut, cIn, taps))
        .output(weight + "_dx_taps");
    String withZero = g.node("Pad").inputs(flat, g.int64s(weight + "_dx_zero_tap", 0, 0, 0, 0, 0, 1))
        .output(weight + "_dx_taps_and_zero");
    long[] indexShape = {stride, stride, rows.length(), columns.length()};
    long[] indices = new long[Math.toIntExact(Shape.of(indexShape).elementCount())];
    int at = 0;
    for (long ph = 0; ph < stride; ph++) {
      for (long pw = 0; pw < stride; pw++) {
        for (long jh = 0; jh < rows.length(); jh++) {
          for (long jw = 0; jw < columns.length(); jw++) {
            long kh = rows.tap(ph, jh);
            long kw = columns.tap(pw, jw);
            indices[at++] = kh < 0 || kw < 0 ? taps : kh * columns.kernel() + kw;
          }
        }
      }
    }
    String tapIndices = g.initializer(Tensors.int64s(g.freshName(weight + "_dx_phase_taps"), indexShape, indices));
    String picked = g.node("Gather").inputs(withZero, tapIndices)
        .attr("axis", 2L).output(weight + "_dx_phase_picked");
    String moved = g.node("Transpose").inputs(picked).ints("perm", 2, 3, 1, 0, 4, 5)
        .output(weight + "_dx_phase_moved");
    long[] dims = {stride * stride * cIn, cOut, rows.length(), columns.length()};
    String kernels = g.node("Reshape").inputs(moved, g.int64s(weight + "_dx_phase_kernels_shape", dims))
        .output(weight + "_dx_phase_kernels");
    // A known type lets dev.ortrain.layout run this Conv on the NCHWc kernels.
    g.valueType(kernels, new TensorType(ctx.typeOf(weight).dataType(), Shape.of(dims)));
    return kernels;
  }
}
