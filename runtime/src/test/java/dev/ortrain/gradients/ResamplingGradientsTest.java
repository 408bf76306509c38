package dev.ortrain.gradients;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.gradients.ConvolutionGradientsTest.Attrs;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.graph.Tensors;
import dev.ortrain.onnx.proto.Onnx.TensorShapeProto;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Finite-difference checks of the ConvTranspose and Resize gradients (standard ops on the CPU), with a symbolic
 * batch dimension. Every Resize input is a batched activation behind a trainable scale, so the checks cover dX.
 */
class ResamplingGradientsTest extends GradientCheckCases {
  static Stream<Arguments> cases() {
    return Stream.of(
        check("ConvTranspose stride 2 pads 1 output_padding 1 with bias", () -> convTranspose("ConvT stride",
            new long[] {2, 3, 3}, new long[] {2, 3, 3, 3}, true, new long[] {3, 6, 6},
            n -> n.ints("strides", 2, 2).ints("pads", 1, 1, 1, 1).ints("output_padding", 1, 1))),
        check("ConvTranspose stride 1 without bias", () -> convTranspose("ConvT plain", new long[] {2, 4, 4},
            new long[] {2, 3, 3, 3}, false, new long[] {3, 6, 6}, n -> n)),
        // C_out·kernel ≤ C_in: ConvWeightGradient's columns form.
        check("ConvTranspose many input channels with bias", () -> convTranspose("ConvT columns",
            new long[] {4, 3, 3}, new long[] {4, 1, 2, 2}, true, new long[] {1, 6, 6}, n -> n.ints("strides", 2, 2))),
        check("ConvTranspose group 2 with bias", () -> convTranspose("ConvT group", new long[] {4, 3, 3},
            new long[] {4, 2, 2, 2}, true, new long[] {4, 6, 6}, n -> n.ints("strides", 2, 2).attr("group", 2L))),
        check("ConvTranspose 1-D stride 2 pads 1", () -> convTranspose("ConvT1d", new long[] {2, 5},
            new long[] {2, 3, 3}, true, new long[] {3, 9}, n -> n.ints("strides", 2).ints("pads", 1, 1))),
        check("ConvTranspose dilation 2", () -> convTranspose("ConvT dilated", new long[] {2, 4, 4},
            new long[] {2, 2, 3, 3}, false, new long[] {2, 6, 6}, n -> n.ints("dilations", 2, 2).ints("pads", 1, 1, 1, 1))),
        // Natural length 7, requested 6: one row of padding, at the start (at the end for SAME_UPPER).
        check("ConvTranspose output_shape", () -> convTranspose("ConvT output_shape", new long[] {2, 3, 3},
            new long[] {2, 2, 3, 3}, true, new long[] {2, 6, 6}, n -> n.ints("strides", 2, 2).ints("output_shape", 6, 6))),
        check("ConvTranspose output_shape SAME_UPPER", () -> convTranspose("ConvT output_shape upper",
            new long[] {2, 3, 3}, new long[] {2, 2, 3, 3}, true, new long[] {2, 6, 6},
            n -> n.ints("strides", 2, 2).ints("output_shape", 6, 6).attr("auto_pad", "SAME_UPPER"))),
        check("ConvTranspose 3-D group 2 (grouped correlation)", () -> convTranspose("ConvT3d",
            new long[] {2, 2, 3, 2}, new long[] {2, 1, 2, 2, 2}, true, new long[] {2, 4, 6, 4},
            n -> n.ints("strides", 2, 2, 2).ints("pads", 0, 0, 0, 0, 0, 0).attr("group", 2L))),
        check("Resize nearest asymmetric floor scale 2", () -> resize("Resize nearest", new long[] {2, 3, 3},
            new long[] {2, 6, 6}, scales(1, 1, 2, 2), n -> n.attr("mode", "nearest")
                .attr("coordinate_transformation_mode", "asymmetric").attr("nearest_mode", "floor"))),
        check("Resize linear half_pixel scale 2", () -> resize("Resize linear", new long[] {2, 3, 4},
            new long[] {2, 6, 8}, scales(1, 1, 2, 2), n -> n.attr("mode", "linear"))),
        check("Resize linear align_corners scale 2", () -> resize("Resize align corners", new long[] {2, 3, 4},
            new long[] {2, 6, 8}, scales(1, 1, 2, 2), n -> n.attr("mode", "linear")
                .attr("coordinate_transformation_mode", "align_corners"))),
        check("Resize linear pytorch_half_pixel sizes 3x4 to 5x7", () -> resize("Resize sizes",
            new long[] {2, 3, 4}, new long[] {2, 5, 7}, sizes(2, 5, 7), n -> n.attr("mode", "linear")
                .attr("coordinate_transformation_mode", "pytorch_half_pixel"))),
        check("Resize nearest round_prefer_floor half_pixel sizes 3x4 to 5x7", () -> resize("Resize nearest sizes",
            new long[] {2, 3, 4}, new long[] {2, 5, 7}, sizes(2, 5, 7), n -> n.attr("mode", "nearest"))),
        // floor(3·1.5) = 4 rows, and the coordinates divide by 1.5, not by 4/3.
        check("Resize linear asymmetric scale 1.5, width only", () -> resize("Resize scale 1.5",
            new long[] {2, 3, 3}, new long[] {2, 3, 4}, scales(1, 1, 1, 1.5f), n -> n.attr("mode", "linear")
                .attr("coordinate_transformation_mode", "asymmetric"))),
        check("Resize linear half_pixel downsampling by 2", () -> resize("Resize down", new long[] {2, 4, 6},
            new long[] {2, 2, 3}, scales(1, 1, 0.5f, 0.5f), n -> n.attr("mode", "linear"))),
        check("Resize linear 1-D (3-D tensor) scales from a Constant node", () -> resizeOfConstantScales()),
        check("Conv then Resize nearest (gradient of the Conv's weights through the Resize)",
            ResamplingGradientsTest::convThenResize));
  }

  static GradientCheck convTranspose(String label, long[] in, long[] w, boolean bias, long[] out, Attrs attrs) {
    GradientCheck c = GradientCheck.of(label);
    String x = c.batchedActivation("x", in);
    String weight = c.parameter("w", w);
    GraphBuilder.NodeBuilder n = c.graph().node("ConvTranspose");
    if (bias) {
      n.inputs(x, weight, c.parameter("b", out[0]));
    } else {
      n.inputs(x, weight);
    }
    attrs.apply(n).outputs("y");
    return c.predict("y", TensorType.floats(Shape.batched(out)));
  }

  /** The scales input of a Resize: an initializer, with an empty sizes input. */
  interface ResizeInputs {
    String[] inputs(GradientCheck c, String x);
  }

  static ResizeInputs scales(float... values) {
    return (c, x) -> new String[] {x, "", c.graph().initializer(
        Tensors.floats(c.graph().freshName("scales"), new long[] {values.length}, values))};
  }

  static ResizeInputs sizes(long... perSample) {
    return (c, x) -> {
      // The batch is part of sizes, so the check's batch size is written into the graph.
      long[] all = new long[perSample.length + 1];
      all[0] = GradientCheck.BATCH;
      System.arraycopy(perSample, 0, all, 1, perSample.length);
      return new String[] {x, "", "", c.graph().int64s("sizes", all)};
    };
  }

  static GradientCheck resize(String label, long[] in, long[] out, ResizeInputs inputs, Attrs attrs) {
    GradientCheck c = GradientCheck.of(label);
    String x = c.batchedActivation("x", in);
    attrs.apply(c.graph().node("Resize").inputs(inputs.inputs(c, x))).outputs("y");
    return c.predict("y", TensorType.floats(Shape.batched(out)));
  }

  static GradientCheck resizeOfConstantScales() {
    GradientCheck c = GradientCheck.of("Resize 1-D constant scales");
    String x = c.batchedActivation("x", 2, 4);
    c.graph().node("Constant").attr(dev.ortrain.graph.Attributes.of("value",
        Tensors.floats("scales", new long[] {3}, 1, 1, 2.5f))).outputs("scales");
    c.graph().node("Resize").inputs(x, "", "scales").attr("mode", "linear").outputs("y");
    return c.predict("y", TensorType.floats(Shape.batched(2, 10)));
  }

  static GradientCheck convThenResize() {
    GradientCheck c = GradientCheck.of("Conv then Resize");
    String x = c.input("x", Shape.batched(2, 4, 4));
    String h = c.graph().node("Conv").inputs(x, c.parameter("w", 3, 2, 3, 3), c.parameter("b", 3))
        .ints("pads", 1, 1, 1, 1).output("h");
    c.graph().valueType(h, TensorType.floats(Shape.batched(3, 4, 4)));
    c.graph().node("Resize").inputs(h, "", c.graph().initializer(Tensors.floats("scales", new long[] {4}, 1, 1, 2, 2)))
        .attr("mode", "nearest").attr("coordinate_transformation_mode", "asymmetric").attr("nearest_mode", "floor")
        .outputs("y");
    return c.predict("y", TensorType.floats(Shape.batched(3, 8, 8)));
  }

  @Test
  void cubicResizeIsRefusedWithItsNode() {
    GradientCheck c = resize("Resize cubic", new long[] {2, 3, 3}, new long[] {2, 6, 6}, scales(1, 1, 2, 2),
        n -> n.attr("mode", "cubic").name("up"));
    assertRefused(c, "Resize node 'up'", "cubic");
  }

  @Test
  void resizeOfSymbolicSpatialSizesIsRefusedWithItsNode() {
    GradientCheck c = GradientCheck.of("Resize symbolic");
    Shape symbolic = Shape.fromProto(TensorShapeProto.newBuilder().addDim(dim("batch")).addDim(dim(2))
        .addDim(dim("height")).addDim(dim(3)).build());
    Shape doubled = Shape.fromProto(TensorShapeProto.newBuilder().addDim(dim("batch")).addDim(dim(2))
        .addDim(dim("twice_height")).addDim(dim(6)).build());
    c.graph().input("x", TensorType.floats(symbolic));
    String h = c.graph().node("Mul").inputs("x", c.parameter("scale", 3)).output("h");
    c.graph().valueType(h, TensorType.floats(symbolic));
    c.graph().node("Resize").name("up").inputs(h, "", c.graph().initializer(Tensors.floats("scales",
        new long[] {4}, 1, 1, 2, 2))).outputs("y");
    c.predict("y", TensorType.floats(doubled));
    assertRefused(c, "Resize node 'up'", "symbolic");
  }

  @Test
  void convTransposeWithSamePaddingIsRefusedWithItsNode() {
    GradientCheck c = convTranspose("ConvT same", new long[] {2, 3, 3}, new long[] {2, 2, 3, 3}, false,
        new long[] {2, 6, 6}, n -> n.ints("strides", 2, 2).attr("auto_pad", "SAME_UPPER").name("deconv"));
    assertRefused(c, "ConvTranspose node 'deconv'", "auto_pad");
  }

  private static void assertRefused(GradientCheck c, String node, String reason) {
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, c::artifacts);
    assertTrue(e.getMessage().contains(node) && e.getMessage().contains(reason), e.getMessage());
  }

  private static TensorShapeProto.Dimension dim(long size) {
    return TensorShapeProto.Dimension.newBuilder().setDimValue(size).build();
  }

  private static TensorShapeProto.Dimension dim(String symbol) {
    return TensorShapeProto.Dimension.newBuilder().setDimParam(symbol).build();
  }
}
