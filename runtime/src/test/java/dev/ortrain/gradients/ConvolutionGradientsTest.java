package dev.ortrain.gradients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.graph.Domains;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.LayoutMark;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.layout.BlockedLayout;
import dev.ortrain.onnx.proto.Onnx.ModelProto;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.provider.Arguments;

/** Finite-difference checks of convolution and pooling gradients, with a symbolic batch dimension. */
class ConvolutionGradientsTest extends GradientCheckCases {
  static Stream<Arguments> cases() {
    return Stream.of(
        check("Conv pads 1 with bias", () -> conv("Conv pad", new long[] {2, 5, 5}, new long[] {3, 2, 3, 3}, true,
            new long[] {3, 5, 5}, n -> n.ints("pads", 1, 1, 1, 1))),
        // At a batch that fills the weight gradient's image groups, no zero images are appended (an empty Concat).
        check("Conv pads 1 with bias, batch of whole image groups", () -> conv(
            GradientCheck.ofBatch("Conv pad whole groups", ConvWeightGradient.GROUPS), new long[] {2, 5, 5},
            new long[] {3, 2, 3, 3}, true, new long[] {3, 5, 5}, n -> n.ints("pads", 1, 1, 1, 1))),
        check("Conv stride 2 without bias", () -> conv("Conv stride", new long[] {2, 5, 5},
            new long[] {2, 2, 3, 3}, false, new long[] {2, 2, 2}, n -> n.ints("strides", 2, 2))),
        // Equal strides: dX is one Conv over the stride phases and a DepthToSpace (StridedInputGradient).
        check("Conv 1x1 stride 2", () -> conv("Conv 1x1 stride", new long[] {2, 5, 5},
            new long[] {3, 2, 1, 1}, false, new long[] {3, 3, 3}, n -> n.ints("strides", 2, 2))),
        check("Conv stride 3, 2x4 kernel, uneven pads", () -> conv("Conv stride 3", new long[] {2, 7, 8},
            new long[] {2, 2, 2, 4}, true, new long[] {2, 3, 3}, n -> n.ints("strides", 3, 3)
                .ints("pads", 1, 0, 0, 2))),
        check("Conv 3x3 stride 2 pads 1, 16 channels (phase Conv on the NCHWc kernels)", () -> conv(
            "Conv stride blocked", new long[] {16, 6, 6}, new long[] {16, 16, 3, 3}, false, new long[] {16, 3, 3},
            n -> n.ints("strides", 2, 2).ints("pads", 1, 1, 1, 1))),
        check("Conv auto_pad SAME_UPPER stride 2", () -> conv("Conv same", new long[] {2, 5, 5},
            new long[] {2, 2, 2, 2}, true, new long[] {2, 3, 3},
            n -> n.attr("auto_pad", "SAME_UPPER").ints("strides", 2, 2))),
        check("Conv auto_pad SAME_LOWER", () -> conv("Conv same lower", new long[] {1, 4, 4},
            new long[] {2, 1, 2, 2}, true, new long[] {2, 4, 4}, n -> n.attr("auto_pad", "SAME_LOWER"))),
        check("Conv depthwise group 2", () -> conv("Conv group", new long[] {2, 4, 4}, new long[] {2, 1, 3, 3},
            true, new long[] {2, 2, 2}, n -> n.attr("group", 2L))),
        // 16 input and output channels: on x86-64 the session runs this Conv and its input-gradient Conv on the
        // NCHWc kernels (dev.ortrain.layout); the finite differences come from the eval graph as written.
        check("Conv 16 channels (NCHWc kernels)", () -> conv("Conv blocked", new long[] {16, 4, 4},
            new long[] {16, 16, 3, 3}, true, new long[] {16, 4, 4}, n -> n.ints("pads", 1, 1, 1, 1))),
        check("Conv 1 to 16 channels (NCHWc kernel on the NCHW input)", () -> conv("Conv first layer",
            new long[] {1, 4, 4}, new long[] {16, 1, 3, 3}, true, new long[] {16, 2, 2}, n -> n.ints("strides", 2, 2)
                .ints("pads", 1, 1, 1, 1))),
        check("Conv 1-D", () -> conv("Conv1d", new long[] {2, 6}, new long[] {3, 2, 3}, true, new long[] {3, 4},
            n -> n)),
        // A smaller step keeps the perturbed elements from overtaking their window's maximum.
        check("MaxPool 2x2", () -> pool("MaxPool 2x2", "MaxPool", new long[] {2, 4, 4}, new long[] {2, 2, 2},
            n -> n.ints("kernel_shape", 2, 2).ints("strides", 2, 2)).tolerance(1e-3, 1e-2, 1e-3)),
        poolCase("AveragePool 2x2 stride 2", "AveragePool", new long[] {2, 4, 4}, new long[] {2, 2, 2},
            n -> n.ints("kernel_shape", 2, 2).ints("strides", 2, 2)),
        poolCase("AveragePool 3x3 pads 1 excluding pad", "AveragePool", new long[] {2, 5, 5},
            new long[] {2, 3, 3}, n -> n.ints("kernel_shape", 3, 3).ints("strides", 2, 2).ints("pads", 1, 1, 1, 1)),
        poolCase("AveragePool 3x3 pads 1 including pad", "AveragePool", new long[] {2, 5, 5},
            new long[] {2, 3, 3}, n -> n.ints("kernel_shape", 3, 3).ints("strides", 2, 2).ints("pads", 1, 1, 1, 1)
                .attr("count_include_pad", 1L)),
        poolCase("AveragePool ceil_mode", "AveragePool", new long[] {2, 5, 5}, new long[] {2, 3, 3},
            n -> n.ints("kernel_shape", 2, 2).ints("strides", 2, 2).attr("ceil_mode", 1L)),
        poolCase("AveragePool uneven tail", "AveragePool", new long[] {1, 5, 6}, new long[] {1, 2, 2},
            n -> n.ints("kernel_shape", 2, 3).ints("strides", 2, 3)),
        poolCase("AveragePool 1-D overlapping", "AveragePool", new long[] {2, 7}, new long[] {2, 5},
            n -> n.ints("kernel_shape", 3).ints("strides", 1)),
        poolCase("AveragePool auto_pad SAME_UPPER", "AveragePool", new long[] {2, 5, 5},
            new long[] {2, 3, 3}, n -> n.ints("kernel_shape", 2, 2).ints("strides", 2, 2)
                .attr("auto_pad", "SAME_UPPER")));
  }

  interface Attrs {
    GraphBuilder.NodeBuilder apply(GraphBuilder.NodeBuilder n);
  }

  static GradientCheck conv(String label, long[] in, long[] w, boolean bias, long[] out, Attrs attrs) {
    return conv(GradientCheck.of(label), in, w, bias, out, attrs);
  }

  static GradientCheck conv(GradientCheck c, long[] in, long[] w, boolean bias, long[] out, Attrs attrs) {
    String x = c.batchedActivation("x", in);
    String weight = c.parameter("w", w);
    GraphBuilder.NodeBuilder n = c.graph().node("Conv");
    if (bias) {
      n.inputs(x, weight, c.parameter("b", w[0]));
    } else {
      n.inputs(x, weight);
    }
    attrs.apply(n).outputs("y");
    return c.predict("y", TensorType.floats(Shape.batched(out)));
  }

  /**
   * A max pool after a blocked conv runs blocked too, its value-mask gradient included. Finite differences
   * cross the pool's kinks too often here (a perturbed input moves many conv outputs), so the blocked gradients
   * are compared with the standard layout's, which the checks above cover.
   */
  @Test
  void blockedConvThenPoolGivesTheStandardGradients(@TempDir Path a, @TempDir Path b) {
    ModelProto training = convThenPool().artifacts().trainingModel();
    assertEquals(1, training.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("MaxPool")).count());
    ModelProto blocked = BlockedLayout.rewrite(training, 8);
    for (String op : List.of("Conv", "MaxPool", "Upsample", "AveragePool")) {
      assertTrue(blocked.getGraph().getNodeList().stream()
          .anyMatch(n -> n.getDomain().equals(Domains.NCHWC) && n.getOpType().equals(op)), op + " is not blocked");
    }
    Map<String, float[]> withBlocks = convThenPool().analyticGradients(a);
    Map<String, float[]> standard = convThenPool().standardLayout().analyticGradients(b);
    assertEquals(standard.keySet(), withBlocks.keySet());
    standard.forEach((name, expected) -> {
      float[] actual = withBlocks.get(name);
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], actual[i], 1e-4 * (1 + Math.abs(expected[i])), name + "[" + i + "]");
      }
    });
  }

  /**
   * The columns form of a weight gradient marks its batch-summed product for the layout pass, which rewrites
   * it on that mark alone; the channels-last form has no such product.
   */
  @Test
  void theColumnsFormMarksItsBatchSummedProduct() {
    GradientCheck c = GradientCheck.of("first layer");
    String x = c.batchedActivation("x", 1, 4, 4);
    String h = c.graph().node("Conv").inputs(x, c.parameter("w", 16, 1, 3, 3), c.parameter("b", 16))
        .ints("pads", 1, 1, 1, 1).output("h");
    ModelProto columns = c.predict(h, TensorType.floats(Shape.batched(16, 4, 4))).artifacts().trainingModel();
    List<NodeProto> marked = columns.getGraph().getNodeList().stream()
        .filter(LayoutMark.BATCH_SUMMED_PRODUCT::marks).toList();
    assertEquals(1, marked.size());
    assertEquals(1, columns.getGraph().getNodeList().stream()
        .filter(n -> n.getOpType().equals("ReduceSum") && n.getInput(0).equals(marked.get(0).getOutput(0))).count());
    assertTrue(convThenPool().artifacts().trainingModel().getGraph().getNodeList().stream()
        .noneMatch(LayoutMark.BATCH_SUMMED_PRODUCT::marks));
  }

  static GradientCheck convThenPool() {
    GradientCheck c = GradientCheck.of("Conv then MaxPool blocked");
    String x = c.batchedActivation("x", 16, 4, 4);
    String h = c.graph().node("Conv").inputs(x, c.parameter("w", 16, 16, 3, 3), c.parameter("b", 16))
        .ints("pads", 1, 1, 1, 1).output("h");
    c.graph().valueType(h, TensorType.floats(Shape.batched(16, 4, 4)));
    c.graph().node("MaxPool").inputs(h).ints("kernel_shape", 2, 2).ints("strides", 2, 2).outputs("y");
    return c.predict("y", TensorType.floats(Shape.batched(16, 2, 2)));
  }

  static Arguments poolCase(String label, String op, long[] in, long[] out, Attrs attrs) {
    return check(label, () -> pool(label, op, in, out, attrs));
  }

  static GradientCheck pool(String label, String op, long[] in, long[] out, Attrs attrs) {
    GradientCheck c = GradientCheck.of(label);
    String x = c.batchedActivation("x", in);
    attrs.apply(c.graph().node(op).inputs(x)).outputs("y");
    return c.predict("y", TensorType.floats(Shape.batched(out)));
  }


  /** The channels-last weight gradient groups the images unless a group's im2col would grow too large. */
  @org.junit.jupiter.api.Test
  void weightGradientGroupsImagesWhileTheirIm2colIsSmall() {
    // The benchmark CNN's second conv: 32→64 channels, 3x3, 14x14 → 288 x 196 floats per image.
    var small = new ConvWeightGradient.Geometry(Shape.batched(32, 14, 14), Shape.of(64, 32, 3, 3),
        new long[] {3, 3}, new long[] {1, 1}, new long[] {1, 1}, new long[] {1, 1, 1, 1}, new long[] {14, 14});
    org.junit.jupiter.api.Assertions.assertEquals(ConvWeightGradient.GROUPS, ConvWeightGradient.groups(small));
    // 64 channels of 56x56 (a ResNet's first stage): 576 x 3136 floats per image.
    var large = new ConvWeightGradient.Geometry(Shape.batched(64, 56, 56), Shape.of(64, 64, 3, 3),
        new long[] {3, 3}, new long[] {1, 1}, new long[] {1, 1}, new long[] {1, 1, 1, 1}, new long[] {56, 56});
    org.junit.jupiter.api.Assertions.assertEquals(1, ConvWeightGradient.groups(large));
  }
}
