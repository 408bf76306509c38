package dev.ortrain.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ortrain.artifacts.ForwardModel;
import dev.ortrain.graph.Shape;
import dev.ortrain.onnx.proto.Onnx.ModelProto;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** Each layer's ONNX graph, run by ONNX Runtime, against a plain Java computation of the same layer. */
class ForwardValuesTest {
  private static final float TOLERANCE = 1e-4f;

  private static float[] random(int n, long seed) {
    Random r = new Random(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }

  private static void assertClose(float[] expected, float[] actual) {
    assertEquals(expected.length, actual.length, "element count");
    for (int i = 0; i < expected.length; i++) {
      float tolerance = TOLERANCE * Math.max(1, Math.abs(expected[i]));
      assertEquals(expected[i], actual[i], tolerance, "element " + i);
    }
  }

  @Test
  void linearIsGemmWithWeightOutByIn() {
    ForwardModel m = Sequential.of(new Linear(5, 3)).build(Shape.batched(5), 1);
    float[] x = random(4 * 5, 2);
    float[] expected =
        Reference.linear(x, 4, 5, OrtRunner.parameter(m, "0.weight"), OrtRunner.parameter(m, "0.bias"), 3);
    assertClose(expected, OrtRunner.run(m.model(), x, 4, 5));
  }

  @Test
  void linearWithoutBias() {
    ForwardModel m = Sequential.of(new Linear(5, 3).bias(false)).build(Shape.batched(5), 1);
    float[] x = random(2 * 5, 3);
    assertClose(Reference.linear(x, 2, 5, OrtRunner.parameter(m, "0.weight"), null, 3),
        OrtRunner.run(m.model(), x, 2, 5));
  }

  @Test
  void conv2dWithStridePaddingAndDilation() {
    Conv2d conv = new Conv2d(3, 4, 3, 2).stride(2, 1).padding(new Padding2d(1, 0, 2, 1)).dilation(1, 2);
    ForwardModel m = Sequential.of(conv).build(Shape.batched(3, 7, 6), 4);
    float[] x = random(2 * 3 * 7 * 6, 5);
    var g = new Reference.Geometry(2, 3, 7, 6, 3, 2, 2, 1, 1, 2, 0, 1, 1, 2);
    float[] expected =
        Reference.conv2d(x, g, OrtRunner.parameter(m, "0.weight"), OrtRunner.parameter(m, "0.bias"), 4, 1);
    assertEquals(3, g.outH());
    assertEquals(7, g.outW());
    assertClose(expected, OrtRunner.run(m.model(), x, 2, 3, 7, 6));
  }

  @Test
  void groupedConv2dWithoutBias() {
    Conv2d conv = new Conv2d(4, 6, 3).groups(2).padding(1).bias(false);
    ForwardModel m = Sequential.of(conv).build(Shape.batched(4, 5, 5), 6);
    float[] x = random(2 * 4 * 5 * 5, 7);
    var g = new Reference.Geometry(2, 4, 5, 5, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1);
    float[] expected = Reference.conv2d(x, g, OrtRunner.parameter(m, "0.weight"), null, 6, 2);
    assertClose(expected, OrtRunner.run(m.model(), x, 2, 4, 5, 5));
  }

  @Test
  void maxPoolWithStrideAndPadding() {
    ForwardModel m = Sequential.of(new MaxPool2d(3).stride(2).padding(1)).build(Shape.batched(2, 7, 6), 0);
    float[] x = random(2 * 2 * 7 * 6, 8);
    var g = new Reference.Geometry(2, 2, 7, 6, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1);
    assertClose(Reference.pool2d(x, g, true, true), OrtRunner.run(m.model(), x, 2, 2, 7, 6));
  }

  @Test
  void avgPoolCountsPaddingLikePyTorchByDefault() {
    float[] x = random(1 * 2 * 5 * 5, 9);
    var g = new Reference.Geometry(1, 2, 5, 5, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1);
    ForwardModel included = Sequential.of(new AvgPool2d(3).stride(2).padding(1)).build(Shape.batched(2, 5, 5), 0);
    assertClose(Reference.pool2d(x, g, false, true), OrtRunner.run(included.model(), x, 1, 2, 5, 5));
    ForwardModel excluded = Sequential.of(new AvgPool2d(3).stride(2).padding(1).countIncludePad(false))
        .build(Shape.batched(2, 5, 5), 0);
    assertClose(Reference.pool2d(x, g, false, false), OrtRunner.run(excluded.model(), x, 1, 2, 5, 5));
  }

  @Test
  void avgPoolWithDefaultStride() {
    float[] x = random(2 * 3 * 4 * 6, 10);
    var g = new Reference.Geometry(2, 3, 4, 6, 2, 2, 2, 2, 0, 0, 0, 0, 1, 1);
    ForwardModel m = Sequential.of(new AvgPool2d(2)).build(Shape.batched(3, 4, 6), 0);
    assertClose(Reference.pool2d(x, g, false, true), OrtRunner.run(m.model(), x, 2, 3, 4, 6));
  }

  @Test
  void batchNorm2dInInferenceModeUsesRunningStatistics() {
    BatchNorm2d bn = new BatchNorm2d(3).weightInit(Init.normal(1, 0.5)).biasInit(Init.normal(0.5)).eps(1e-3f);
    ForwardModel m = Sequential.of(bn).build(Shape.batched(3, 2, 2), 11);
    float[] mean = {0.5f, -1f, 2f};
    float[] var = {0.25f, 4f, 1.5f};
    ModelProto model = OrtRunner.withParameter(m.model(), "0.running_mean", mean);
    model = OrtRunner.withParameter(model, "0.running_var", var);
    float[] x = random(2 * 3 * 4, 12);
    float[] expected = Reference.batchNorm(x, 2, 3, 4, OrtRunner.parameter(m, "0.weight"),
        OrtRunner.parameter(m, "0.bias"), mean, var, 1e-3);
    assertClose(expected, OrtRunner.run(model, x, 2, 3, 2, 2));
  }

  @Test
  void batchNorm1dOnFeatures() {
    ForwardModel m = Sequential.of(new BatchNorm1d(4).biasInit(Init.constant(0.25))).build(Shape.batched(4), 0);
    float[] mean = {1, 2, 3, 4};
    float[] var = {1, 0.5f, 2, 3};
    ModelProto model = OrtRunner.withParameter(m.model(), "0.running_mean", mean);
    model = OrtRunner.withParameter(model, "0.running_var", var);
    float[] x = random(3 * 4, 13);
    float[] expected = Reference.batchNorm(x, 3, 4, 1, new float[] {1, 1, 1, 1},
        new float[] {0.25f, 0.25f, 0.25f, 0.25f}, mean, var, 1e-5);
    assertClose(expected, OrtRunner.run(model, x, 3, 4));
  }

  @Test
  void layerNormOverTheTrailingDimensions() {
    LayerNorm ln = new LayerNorm(3, 4).weightInit(Init.normal(1, 0.3)).biasInit(Init.normal(0.2));
    ForwardModel m = Sequential.of(ln).build(Shape.batched(2, 3, 4), 14);
    float[] x = random(2 * 2 * 12, 15);
    float[] expected =
        Reference.layerNorm(x, 12, OrtRunner.parameter(m, "0.weight"), OrtRunner.parameter(m, "0.bias"), 1e-5);
    assertClose(expected, OrtRunner.run(m.model(), x, 2, 2, 3, 4));
  }

  @Test
  void activations() {
    float[] x = random(3 * 8, 16);
    assertElementwise(new ReLU(), x, v -> Math.max(0, v));
    assertElementwise(new LeakyReLU(0.2f), x, v -> v >= 0 ? v : 0.2 * v);
    assertElementwise(new LeakyReLU(), x, v -> v >= 0 ? v : 0.01 * v);
    assertElementwise(new Sigmoid(), x, v -> 1 / (1 + Math.exp(-v)));
    assertElementwise(new Tanh(), x, Math::tanh);
    assertElementwise(new GELU(), x, Reference::gelu);
    assertElementwise(new Dropout(0.5f), x, v -> v);
  }

  private static void assertElementwise(Layer layer, float[] x, DoubleUnaryOperator f) {
    ForwardModel m = Sequential.of(layer).build(Shape.batched(8), 0);
    float[] expected = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      expected[i] = (float) f.applyAsDouble(x[i]);
    }
    assertClose(expected, OrtRunner.run(m.model(), x, 3, 8));
  }

  @Test
  void softmaxAlongTheLastAxisAndAlongChannels() {
    float[] x = random(2 * 3 * 4, 17);
    ForwardModel last = Sequential.of(new Softmax()).build(Shape.batched(3, 4), 0);
    assertClose(Reference.softmaxLast(x, 4), OrtRunner.run(last.model(), x, 2, 3, 4));
    // Along axis 1 of [2, 3, 4]: transpose so that axis is last, reuse the reference, transpose back.
    ForwardModel channels = Sequential.of(new Softmax(1)).build(Shape.batched(3, 4), 0);
    float[] transposed = new float[x.length];
    for (int n = 0; n < 2; n++) {
      for (int c = 0; c < 3; c++) {
        for (int k = 0; k < 4; k++) {
          transposed[(n * 4 + k) * 3 + c] = x[(n * 3 + c) * 4 + k];
        }
      }
    }
    float[] soft = Reference.softmaxLast(transposed, 3);
    float[] expected = new float[x.length];
    for (int n = 0; n < 2; n++) {
      for (int c = 0; c < 3; c++) {
        for (int k = 0; k < 4; k++) {
          expected[(n * 3 + c) * 4 + k] = soft[(n * 4 + k) * 3 + c];
        }
      }
    }
    assertClose(expected, OrtRunner.run(channels.model(), x, 2, 3, 4));
  }

  @Test
  void aSmallCnnEndToEnd() {
    Sequential model = Sequential.of(
        new Conv2d(2, 3, 3).padding(1), new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(12, 5));
    ForwardModel m = model.build(Shape.batched(2, 4, 4), 18);
    float[] x = random(2 * 2 * 16, 19);
    float[] conv = Reference.conv2d(x, new Reference.Geometry(2, 2, 4, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1),
        OrtRunner.parameter(m, "0.weight"), OrtRunner.parameter(m, "0.bias"), 3, 1);
    for (int i = 0; i < conv.length; i++) {
      conv[i] = Math.max(0, conv[i]);
    }
    var poolGeometry = new Reference.Geometry(2, 3, 4, 4, 2, 2, 2, 2, 0, 0, 0, 0, 1, 1);
    float[] pooled = Reference.pool2d(conv, poolGeometry, true, true);
    float[] expected =
        Reference.linear(pooled, 2, 12, OrtRunner.parameter(m, "4.weight"), OrtRunner.parameter(m, "4.bias"), 5);
    assertClose(expected, OrtRunner.run(m.model(), x, 2, 2, 4, 4));
  }
}
