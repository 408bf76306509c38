package dev.ortrain.gradients;

import static dev.ortrain.gradients.ConvolutionGradientsTest.conv;
import static dev.ortrain.gradients.ConvolutionGradientsTest.pool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.artifacts.ArtifactBuilder;
import dev.ortrain.artifacts.ForwardModel;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.loss.CrossEntropyLoss;
import dev.ortrain.nn.Conv2d;
import dev.ortrain.nn.Flatten;
import dev.ortrain.nn.Linear;
import dev.ortrain.nn.MaxPool2d;
import dev.ortrain.nn.ReLU;
import dev.ortrain.nn.Sequential;
import dev.ortrain.onnx.proto.Onnx.ModelProto;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Finite-difference checks of the standard-op formulations of the Conv and MaxPool gradients
 * ({@link GradientFormulation#standardOps()}), including the cases that fall back to the training kernels.
 */
class GradientFormulationsTest extends GradientCheckCases {
  static final GradientRegistry STANDARD_OPS = GradientRegistry.standard(GradientFormulation.standardOps());

  static Stream<Arguments> cases() {
    Stream<Arguments> all = Stream.empty();
    for (GradientFormulation.Conv form : GradientFormulation.Conv.values()) {
      if (form != GradientFormulation.Conv.TRAINING_KERNEL) {
        GradientRegistry rules = GradientRegistry.standard(GradientFormulation.standardOps().withConv(form));
        all = Stream.concat(all, convCases().map(a -> withRules(a, form.name(), rules)));
      }
    }
    return Stream.concat(all, poolCases());
  }

  static Arguments withRules(Arguments a, String form, GradientRegistry rules) {
    @SuppressWarnings("unchecked")
    Supplier<GradientCheck> build = (Supplier<GradientCheck>) a.get()[1];
    return check(form + ": " + a.get()[0], () -> build.get().gradients(rules));
  }

  static Stream<Arguments> convCases() {
    return Stream.of(
        ops("Conv pads 1 with bias", () -> conv("Conv pad", new long[] {2, 5, 5}, new long[] {3, 2, 3, 3}, true,
            new long[] {3, 5, 5}, n -> n.ints("pads", 1, 1, 1, 1))),
        ops("Conv stride 2 pads 0 without bias", () -> conv("Conv stride", new long[] {2, 5, 5},
            new long[] {2, 2, 3, 3}, false, new long[] {2, 2, 2}, n -> n.ints("strides", 2, 2))),
        ops("Conv stride 2 dropping a row", () -> conv("Conv stride crop", new long[] {2, 6, 7},
            new long[] {2, 2, 3, 3}, true, new long[] {2, 2, 3}, n -> n.ints("strides", 2, 2))),
        ops("Conv stride 2 pads 1 asymmetric", () -> conv("Conv stride pad", new long[] {2, 6, 6},
            new long[] {3, 2, 3, 3}, true, new long[] {3, 3, 3}, n -> n.ints("strides", 2, 2)
                .ints("pads", 1, 0, 1, 1))),
        ops("Conv dilation 2", () -> conv("Conv dilated", new long[] {2, 7, 7}, new long[] {2, 2, 3, 3}, true,
            new long[] {2, 3, 3}, n -> n.ints("dilations", 2, 2))),
        ops("Conv dilation 2 stride 2 pads 1", () -> conv("Conv dilated strided", new long[] {2, 8, 8},
            new long[] {2, 2, 3, 3}, true, new long[] {2, 3, 3},
            n -> n.ints("dilations", 2, 2).ints("strides", 2, 2).ints("pads", 1, 1, 1, 1))),
        ops("Conv rectangular kernel and strides", () -> conv("Conv rect", new long[] {2, 5, 7},
            new long[] {2, 2, 2, 3}, true, new long[] {2, 4, 3}, n -> n.ints("strides", 1, 2))),
        ops("Conv auto_pad SAME_UPPER stride 2", () -> conv("Conv same", new long[] {2, 5, 5},
            new long[] {2, 2, 2, 2}, true, new long[] {2, 3, 3},
            n -> n.attr("auto_pad", "SAME_UPPER").ints("strides", 2, 2))),
        ops("Conv 1-D stride 2", () -> conv("Conv1d", new long[] {2, 7}, new long[] {3, 2, 3}, true,
            new long[] {3, 3}, n -> n.ints("strides", 2))),
        // C_in × kernel ≤ C_out: the weight gradient is a GEMM on an im2col matrix (ConvWeightGradient).
        ops("Conv columns form stride 2 pads 1 asymmetric", () -> conv("Conv columns", new long[] {1, 6, 6},
            new long[] {9, 1, 3, 3}, true, new long[] {9, 3, 3}, n -> n.ints("strides", 2, 2)
                .ints("pads", 1, 0, 1, 1))),
        ops("Conv columns form dilation 2", () -> conv("Conv columns dilated", new long[] {1, 7, 7},
            new long[] {4, 1, 2, 2}, true, new long[] {4, 5, 5}, n -> n.ints("dilations", 2, 2))),
        ops("Conv columns form 2 input channels", () -> conv("Conv columns 2", new long[] {2, 5, 5},
            new long[] {8, 2, 2, 2}, false, new long[] {8, 4, 4}, n -> n)),
        // The bias gradient is the first input channel's row of ones.
        ops("Conv columns form 2 input channels with bias", () -> conv("Conv columns 2 bias", new long[] {2, 5, 5},
            new long[] {8, 2, 2, 2}, true, new long[] {8, 5, 3}, n -> n.ints("pads", 1, 0, 0, 1).ints("strides", 1, 2))),
        ops("Conv 1-D columns form stride 2", () -> conv("Conv1d columns", new long[] {1, 7},
            new long[] {3, 1, 3}, true, new long[] {3, 3}, n -> n.ints("strides", 2))),
        // 64 channels, 5x5 kernel, 13x13 output: an im2col of 270k floats per image, above the bound for
        // grouping the images.
        ops("Conv channels-last form, ungrouped", () -> conv("Conv large", new long[] {64, 13, 13},
            new long[] {2, 64, 5, 5}, true, new long[] {2, 13, 13}, n -> n.ints("pads", 2, 2, 2, 2))),
        ops("Conv on the data input (no dX)", GradientFormulationsTest::convOnData),
        ops("Conv depthwise group 2 (ConvGrad fallback)", () -> conv("Conv group", new long[] {2, 4, 4},
            new long[] {2, 1, 3, 3}, true, new long[] {2, 2, 2}, n -> n.attr("group", 2L))),
        ops("Conv into Conv (dX feeds dW)", GradientFormulationsTest::twoConvs));
  }

  static Stream<Arguments> poolCases() {
    return Stream.of(
        ops("Relu then MaxPool (pooled first in training)", GradientFormulationsTest::reluPool),
        check("Relu then MaxPool, order kept", () -> reluPool().gradients(
            GradientRegistry.standard(GradientFormulation.standardOps().withPoolBeforeRelu(false)))),
        ops("Relu feeding MaxPool and an Add (order kept)", GradientFormulationsTest::reluPoolShared),
        ops("MaxPool 2x2 value mask", () -> pool("MaxPool 2x2", "MaxPool", new long[] {2, 4, 4},
            new long[] {2, 2, 2}, n -> n.ints("kernel_shape", 2, 2).ints("strides", 2, 2))
            .tolerance(1e-3, 1e-2, 1e-3)),
        ops("MaxPool 3x2 value mask", () -> pool("MaxPool 3x2", "MaxPool", new long[] {2, 6, 4},
            new long[] {2, 2, 2}, n -> n.ints("kernel_shape", 3, 2).ints("strides", 3, 2))
            .tolerance(1e-3, 1e-2, 1e-3)),
        ops("MaxPool 1-D value mask", () -> pool("MaxPool 1d", "MaxPool", new long[] {2, 6}, new long[] {2, 3},
            n -> n.ints("kernel_shape", 2).ints("strides", 2)).tolerance(1e-3, 1e-2, 1e-3)),
        ops("MaxPool overlapping (MaxPoolGrad fallback)", () -> pool("MaxPool overlap", "MaxPool",
            new long[] {2, 5, 5}, new long[] {2, 2, 2}, n -> n.ints("kernel_shape", 3, 3).ints("strides", 2, 2))
            .tolerance(1e-3, 1e-2, 1e-3)),
        ops("MaxPool uneven tail (MaxPoolGrad fallback)", () -> pool("MaxPool tail", "MaxPool",
            new long[] {2, 5, 5}, new long[] {2, 2, 2}, n -> n.ints("kernel_shape", 2, 2).ints("strides", 2, 2))
            .tolerance(1e-3, 1e-2, 1e-3)),
        ops("MaxPool padded (MaxPoolGrad fallback)", () -> pool("MaxPool padded", "MaxPool",
            new long[] {2, 4, 4}, new long[] {2, 3, 3}, n -> n.ints("kernel_shape", 2, 2).ints("strides", 2, 2)
                .ints("pads", 1, 1, 1, 1)).tolerance(1e-3, 1e-2, 1e-3)));
  }

  static Arguments ops(String name, Supplier<GradientCheck> build) {
    return check(name, () -> build.get().gradients(STANDARD_OPS));
  }

  static GradientCheck reluPool() {
    GradientCheck c = GradientCheck.of("Relu MaxPool");
    GraphBuilder g = c.graph();
    String x = c.batchedActivation("x", 2, 4, 4);
    g.node("Relu").inputs(x).outputs("r");
    g.valueType("r", TensorType.floats(Shape.batched(2, 4, 4)));
    g.node("MaxPool").inputs("r").ints("kernel_shape", 2, 2).ints("strides", 2, 2).outputs("y");
    return c.predict("y", TensorType.floats(Shape.batched(2, 2, 2))).tolerance(1e-3, 1e-2, 1e-3);
  }

  static GradientCheck reluPoolShared() {
    GradientCheck c = GradientCheck.of("Relu MaxPool shared");
    GraphBuilder g = c.graph();
    String x = c.batchedActivation("x", 1, 2, 2);
    g.node("Relu").inputs(x).outputs("r");
    g.valueType("r", TensorType.floats(Shape.batched(1, 2, 2)));
    g.node("MaxPool").inputs("r").ints("kernel_shape", 2, 2).ints("strides", 2, 2).outputs("p");
    g.valueType("p", TensorType.floats(Shape.batched(1, 1, 1)));
    g.node("Add").inputs("r", "p").outputs("y");
    return c.predict("y", TensorType.floats(Shape.batched(1, 2, 2))).tolerance(1e-3, 1e-2, 1e-3);
  }

  @Test
  void trainingGraphPoolsBeforeReluAndEvalGraphKeepsTheOrder() {
    ModelProto forward = reluPool().artifacts().trainingModel();
    assertEquals(List.of("Mul", "MaxPool", "Relu"), forward.getGraph().getNodeList().stream()
        .map(NodeProto::getOpType).limit(3).toList());
    ModelProto eval = reluPool().artifacts().evalModel();
    assertEquals(List.of("Mul", "Relu", "MaxPool"), eval.getGraph().getNodeList().stream()
        .map(NodeProto::getOpType).limit(3).toList());
    ModelProto kept = reluPool().gradients(GradientRegistry.standard(GradientFormulation.trainingKernels()))
        .artifacts().trainingModel();
    assertEquals(List.of("Mul", "Relu", "MaxPool"), kept.getGraph().getNodeList().stream()
        .map(NodeProto::getOpType).limit(3).toList());
  }

  /** Three tied maxima in the first window, one maximum in the second. */
  static GradientCheck tiedPool(GradientRegistry rules) {
    GradientCheck c = GradientCheck.of("MaxPool ties");
    String p = c.parameter("p", new long[] {1, 1, 2, 4}, 0.5f, 0.5f, 0.2f, 0.9f, 0.5f, 0.1f, 0.3f, 0.1f);
    c.graph().node("MaxPool").inputs(p).ints("kernel_shape", 2, 2).ints("strides", 2, 2).outputs("y");
    return c.predict("y", TensorType.floats(Shape.of(1, 1, 1, 2)))
        .loss(new ProjectionLoss(), new long[] {1, 1, 1, 2}, 3f, 2f).gradients(rules);
  }

  @Test
  void valueMaskSplitsTiedMaximaEqually(@TempDir Path tmp) {
    float[] g = tiedPool(STANDARD_OPS).analyticGradients(tmp).get("p");
    assertArrayEquals(new float[] {1f, 1f, 0f, 2f, 1f, 0f, 0f, 0f}, g, 1e-6f);
  }

  @Test
  void maxPoolGradGivesATieToOnePosition(@TempDir Path tmp) {
    GradientRegistry kernels = GradientRegistry.standard(GradientFormulation.trainingKernels());
    float[] g = tiedPool(kernels).analyticGradients(tmp).get("p");
    assertEquals(3f, g[0] + g[1] + g[4], 1e-6f);
    assertEquals(1, (g[0] == 3f ? 1 : 0) + (g[1] == 3f ? 1 : 0) + (g[4] == 3f ? 1 : 0));
    assertEquals(2f, g[3], 1e-6f);
  }

  @Test
  void standardOpsReplaceTheTrainingKernelsInTheBenchmarkCnn() {
    ModelProto defaults = cnnTrainingModel(GradientRegistry.standard());
    assertEquals(Set.of(), opTypes(defaults).stream()
        .filter(Set.of("ConvGrad", "MaxPoolGrad")::contains).collect(Collectors.toSet()));
    for (NodeProto n : defaults.getGraph().getNodeList()) {
      if (n.getOpType().equals("MaxPool")) {
        assertEquals(1, n.getOutputCount(), "MaxPool without the Indices output");
      }
    }
    ModelProto kernels = cnnTrainingModel(GradientRegistry.standard(GradientFormulation.trainingKernels()));
    assertTrue(opTypes(kernels).containsAll(Set.of("ConvGrad", "MaxPoolGrad")));
    assertEquals(2, kernels.getGraph().getNodeList().stream()
        .filter(n -> n.getOpType().equals("MaxPool") && n.getOutputCount() == 2).count());
  }

  @Test
  void uncoveredCasesFallBackToTheTrainingKernels() {
    GradientCheck group = conv("Conv group", new long[] {2, 4, 4}, new long[] {2, 1, 3, 3}, true,
        new long[] {2, 2, 2}, n -> n.attr("group", 2L)).gradients(STANDARD_OPS);
    assertTrue(opTypes(group.artifacts().trainingModel()).contains("ConvGrad"));
    GradientCheck overlap = pool("MaxPool overlap", "MaxPool", new long[] {2, 5, 5}, new long[] {2, 2, 2},
        n -> n.ints("kernel_shape", 3, 3).ints("strides", 2, 2)).gradients(STANDARD_OPS);
    ModelProto m = overlap.artifacts().trainingModel();
    assertTrue(opTypes(m).contains("MaxPoolGrad"));
    assertTrue(m.getGraph().getNodeList().stream().anyMatch(n -> n.getOpType().equals("MaxPool")
        && n.getOutputCount() == 2), "the fallback gets its indices");
  }

  /**
   * The default takes ConvGrad's weight gradient for an 8-channel input, where the channels-last correlation
   * was not measured faster, and the standard ops from 16 channels on (a ResNet's first stage).
   */
  @Test
  void theDefaultWeightGradientDependsOnTheInputChannels() {
    ModelProto eight = conv("Conv 8", new long[] {8, 6, 6}, new long[] {16, 8, 3, 3}, true,
        new long[] {16, 6, 6}, n -> n.ints("pads", 1, 1, 1, 1)).gradients(STANDARD_OPS).artifacts().trainingModel();
    ModelProto sixteen = conv("Conv 16", new long[] {16, 6, 6}, new long[] {16, 16, 3, 3}, true,
        new long[] {16, 6, 6}, n -> n.ints("pads", 1, 1, 1, 1)).gradients(STANDARD_OPS).artifacts().trainingModel();
    ModelProto alwaysOps = conv("Conv 8 ops", new long[] {8, 6, 6}, new long[] {16, 8, 3, 3}, true,
        new long[] {16, 6, 6}, n -> n.ints("pads", 1, 1, 1, 1))
        .gradients(GradientRegistry.standard(GradientFormulation.standardOps()
            .withConv(GradientFormulation.Conv.STANDARD_OPS))).artifacts().trainingModel();
    assertTrue(opTypes(eight).contains("ConvGrad"), "8 input channels: ConvGrad's dW");
    assertTrue(!opTypes(sixteen).contains("ConvGrad"), "16 input channels: the channels-last correlation");
    assertTrue(!opTypes(alwaysOps).contains("ConvGrad"), "STANDARD_OPS keeps the standard ops everywhere");
  }

  @Test
  void formulationRejectsNull() {
    assertThrows(IllegalArgumentException.class, () -> new GradientFormulation(null,
        GradientFormulation.MaxPool.VALUE_MASK));
    assertThrows(IllegalArgumentException.class, () -> new GradientFormulation(
        GradientFormulation.Conv.STANDARD_OPS, null));
    assertThrows(IllegalArgumentException.class, () -> GradientFormulation.defaults().withRecurrence(null));
    assertEquals(GradientFormulation.standardOps(), GradientRegistry.standard().formulation());
    assertTrue(GradientFormulation.standardOps().poolBeforeRelu());
    assertTrue(!GradientFormulation.trainingKernels().poolBeforeRelu());
  }

  /** The benchmark CNN's convolutions (1→32, 32→64 channels), with a smaller dense part. */
  static ModelProto cnnTrainingModel(GradientRegistry rules) {
    ForwardModel forward = Sequential.of(
        new Conv2d(1, 32, 3).padding(1), new ReLU(), new MaxPool2d(2),
        new Conv2d(32, 64, 3).padding(1), new ReLU(), new MaxPool2d(2),
        new Flatten(), new Linear(64 * 7 * 7, 10)).build(Shape.batched(1, 28, 28), 1L);
    return ArtifactBuilder.forModel(forward).loss(CrossEntropyLoss.create()).gradientRegistry(rules).build()
        .trainingModel();
  }

  static Set<String> opTypes(ModelProto m) {
    return m.getGraph().getNodeList().stream().map(NodeProto::getOpType).collect(Collectors.toSet());
  }

  /** The first layer of a CNN: the convolution reads a data input, so only dW and dB are computed. */
  static GradientCheck convOnData() {
    GradientCheck c = GradientCheck.of("Conv on data");
    String x = c.input("x", Shape.batched(2, 5, 5));
    c.graph().node("Conv").inputs(x, c.parameter("w", 3, 2, 3, 3), c.parameter("b", 3)).ints("pads", 1, 1, 1, 1)
        .outputs("y");
    return c.predict("y", TensorType.floats(Shape.batched(3, 5, 5)));
  }

  /** Two stacked convolutions: the second one's dX (a ConvTranspose) reaches the first one's weights. */
  static GradientCheck twoConvs() {
    GradientCheck c = GradientCheck.of("Conv into Conv");
    GraphBuilder g = c.graph();
    String x = c.input("x", Shape.batched(1, 6, 6));
    g.node("Conv").inputs(x, c.parameter("w1", 2, 1, 3, 3)).ints("pads", 1, 1, 1, 1).outputs("h");
    g.valueType("h", TensorType.floats(Shape.batched(2, 6, 6)));
    g.node("Conv").inputs("h", c.parameter("w2", 2, 2, 3, 3), c.parameter("b2", 2)).ints("strides", 2, 2)
        .outputs("y");
    return c.predict("y", TensorType.floats(Shape.batched(2, 2, 2)));
  }
}
