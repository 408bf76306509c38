package dev.ortrain.nn;

import dev.ortrain.graph.Shape;

/**
 * Scales {@code [batch, C, H, W]} by an integer factor, as PyTorch's {@code nn.Upsample(scale_factor, mode)}:
 * {@link Mode#NEAREST} repeats pixels, {@link Mode#BILINEAR} interpolates (align_corners=False). Emitted as
 * ONNX {@code Resize} with PyTorch's exported attributes, so the values match PyTorch's.
 */
public final class Upsample extends AbstractLayer<Upsample> {
  /** The interpolation. */
  public enum Mode {
    NEAREST("nearest", "asymmetric"),
    BILINEAR("linear", "half_pixel");

    private final String onnxMode;
    private final String coordinates;

    Mode(String onnxMode, String coordinates) {
      this.onnxMode = onnxMode;
      this.coordinates = coordinates;
    }
  }

  private final int scaleFactor;
  private final Mode mode;

  public Upsample(int scaleFactor, Mode mode) {
    this.scaleFactor = Window1d.atLeast(1, "scale factor", scaleFactor);
    this.mode = java.util.Objects.requireNonNull(mode, "mode");
  }

  @Override
  public String describe() {
    return "Upsample x" + scaleFactor + " " + mode.name().toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public Shape outputShape(Shape input) {
    requireRank(input, 4, "[batch, channels, height, width]",
        "Upsample takes images as [batch, channels, height, width]");
    return input.withPerSample(input.size(1), input.size(2) * scaleFactor, input.size(3) * scaleFactor);
  }

  @Override
  public void emit(LayerContext ctx) {
    String scales = ctx.graph().initializer(dev.ortrain.graph.Tensors.floats(ctx.freshName("scales"),
        new long[] {4}, 1, 1, scaleFactor, scaleFactor));
    ctx.node("Resize").inputs(ctx.input(), "", scales).attr("mode", mode.onnxMode)
        .attr("coordinate_transformation_mode", mode.coordinates).attr("nearest_mode", "floor")
        .outputs(ctx.output());
  }
}
