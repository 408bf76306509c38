package dev.ortrain.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.artifacts.ForwardModel;
import dev.ortrain.graph.Shape;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InitTest {
  private static final int LARGE = 200_000;

  private static double mean(float[] v) {
    double s = 0;
    for (float x : v) {
      s += x;
    }
    return s / v.length;
  }

  private static double std(float[] v) {
    double m = mean(v);
    double s = 0;
    for (float x : v) {
      s += (x - m) * (x - m);
    }
    return Math.sqrt(s / v.length);
  }

  private static double maxAbs(float[] v) {
    double m = 0;
    for (float x : v) {
      m = Math.max(m, Math.abs(x));
    }
    return m;
  }

  private static float[] sample(Init init, Fan fan) {
    return init.sample(LARGE, fan, new SplittableRandom(3));
  }

  /** A uniform on ±bound reaches close to the bound, never past it, and has std bound/√3. */
  private static void assertUniformWithin(float[] v, double bound) {
    assertTrue(maxAbs(v) <= bound, "max " + maxAbs(v) + " exceeds " + bound);
    assertTrue(maxAbs(v) > 0.999 * bound, "max " + maxAbs(v) + " far below " + bound);
    assertEquals(bound / Math.sqrt(3), std(v), 0.01 * bound);
    assertEquals(0, mean(v), 0.01 * bound);
  }

  @Test
  void sameSeedGivesTheSameBytesAndAnotherSeedOtherValues() {
    Sequential model = ShapeInferenceTest.mnistCnn(3136);
    ForwardModel a = model.build(Shape.batched(1, 28, 28), 42L);
    ForwardModel b = model.build(Shape.batched(1, 28, 28), 42L);
    assertArrayEquals(a.model().toByteArray(), b.model().toByteArray());
    ForwardModel c = model.build(Shape.batched(1, 28, 28), 43L);
    for (String p : a.trainable()) {
      assertFalse(Arrays.equals(OrtRunner.parameter(a, p), OrtRunner.parameter(c, p)), p);
    }
  }

  @Test
  void parametersOfTheSameShapeDiffer() {
    ForwardModel m = Sequential.of(new Linear(8, 8), new Linear(8, 8)).build(Shape.batched(8), 1);
    assertFalse(Arrays.equals(OrtRunner.parameter(m, "0.weight"), OrtRunner.parameter(m, "1.weight")));
  }

  @Test
  void appendingOrInsertingANamedLayerKeepsTheOthersValues() {
    ForwardModel small = Sequential.of(new Linear(4, 8), new ReLU(), new Linear(8, 3).named("head"))
        .build(Shape.batched(4), 7);
    ForwardModel appended = Sequential.of(new Linear(4, 8), new ReLU(), new Linear(8, 3).named("head"),
        new ReLU(), new Linear(3, 2)).build(Shape.batched(4), 7);
    ForwardModel inserted = Sequential.of(new Linear(4, 8), new Linear(8, 8).named("extra"), new ReLU(),
        new Linear(8, 3).named("head")).build(Shape.batched(4), 7);
    for (String p : small.trainable()) {
      assertArrayEquals(OrtRunner.parameter(small, p), OrtRunner.parameter(appended, p), p);
      assertArrayEquals(OrtRunner.parameter(small, p), OrtRunner.parameter(inserted, p), p);
    }
  }

  @Test
  void pytorchDefaultsForLinearAndConv() {
    ForwardModel m = Sequential.of(new Conv2d(4, 64, 5), new Flatten(), new Linear(64 * 4 * 4, 400))
        .build(Shape.batched(4, 8, 8), 5);
    double convBound = 1 / Math.sqrt(4 * 5 * 5);
    assertUniformWithin(OrtRunner.parameter(m, "0.weight"), convBound);
    assertTrue(maxAbs(OrtRunner.parameter(m, "0.bias")) <= convBound);
    double linearBound = 1 / Math.sqrt(64 * 4 * 4);
    assertUniformWithin(OrtRunner.parameter(m, "2.weight"), linearBound);
    float[] bias = OrtRunner.parameter(m, "2.bias");
    assertTrue(maxAbs(bias) <= linearBound && maxAbs(bias) > 0.9 * linearBound, "bias max " + maxAbs(bias));
  }

  @Test
  void normalizationDefaults() {
    ForwardModel m = Sequential.of(new BatchNorm1d(3), new LayerNorm(3)).build(Shape.batched(3), 5);
    assertArrayEquals(new float[] {1, 1, 1}, OrtRunner.parameter(m, "0.weight"));
    assertArrayEquals(new float[] {0, 0, 0}, OrtRunner.parameter(m, "0.bias"));
    assertArrayEquals(new float[] {0, 0, 0}, OrtRunner.parameter(m, "0.running_mean"));
    assertArrayEquals(new float[] {1, 1, 1}, OrtRunner.parameter(m, "0.running_var"));
    assertArrayEquals(new float[] {1, 1, 1}, OrtRunner.parameter(m, "1.weight"));
    assertArrayEquals(new float[] {0, 0, 0}, OrtRunner.parameter(m, "1.bias"));
  }

  @Test
  void kaimingSchemes() {
    Fan fan = new Fan(300, 100);
    assertUniformWithin(sample(Init.kaimingUniform(), fan), Math.sqrt(2) * Math.sqrt(3.0 / 300));
    assertUniformWithin(sample(Init.kaimingUniform(FanMode.FAN_OUT, Nonlinearity.LINEAR), fan), Math.sqrt(3.0 / 100));
    assertUniformWithin(sample(Init.kaimingUniform(FanMode.FAN_IN, Nonlinearity.leakyRelu(0.2)), fan),
        Math.sqrt(2 / 1.04) * Math.sqrt(3.0 / 300));
    assertEquals(Math.sqrt(2.0 / 300), std(sample(Init.kaimingNormal(), fan)), 0.01 * Math.sqrt(2.0 / 300));
    double tanhStd = 5.0 / 3 / Math.sqrt(100);
    assertEquals(tanhStd, std(sample(Init.kaimingNormal(FanMode.FAN_OUT, Nonlinearity.TANH), fan)), 0.01 * tanhStd);
    assertEquals(1 / Math.sqrt(300), std(sample(Init.kaimingNormal(FanMode.FAN_IN, Nonlinearity.SIGMOID), fan)),
        0.01 / Math.sqrt(300));
  }

  @Test
  void xavierSchemes() {
    Fan fan = new Fan(300, 100);
    assertUniformWithin(sample(Init.xavierUniform(), fan), Math.sqrt(6.0 / 400));
    assertUniformWithin(sample(Init.xavierUniform(2), fan), 2 * Math.sqrt(6.0 / 400));
    float[] normal = sample(Init.xavierNormal(), fan);
    assertEquals(Math.sqrt(2.0 / 400), std(normal), 0.01 * Math.sqrt(2.0 / 400));
    assertEquals(0, mean(normal), 0.01 * Math.sqrt(2.0 / 400));
    assertEquals(0.5 * Math.sqrt(2.0 / 400), std(sample(Init.xavierNormal(0.5), fan)), 0.005 * Math.sqrt(2.0 / 400));
  }

  @Test
  void normalIsGaussian() {
    float[] v = sample(Init.normal(2, 0.5), null);
    assertEquals(2, mean(v), 0.005);
    assertEquals(0.5, std(v), 0.005);
    // About 68.3 % of a normal lies within one standard deviation, 95.4 % within two.
    long within1 = 0;
    long within2 = 0;
    for (float x : v) {
      within1 += Math.abs(x - 2) < 0.5 ? 1 : 0;
      within2 += Math.abs(x - 2) < 1 ? 1 : 0;
    }
    assertEquals(0.6827, within1 / (double) LARGE, 0.005);
    assertEquals(0.9545, within2 / (double) LARGE, 0.005);
    assertEquals(0.1, std(sample(Init.normal(0.1), null)), 0.001);
  }

  @Test
  void uniformAndConstants() {
    float[] v = sample(Init.uniform(-1, 3), null);
    assertTrue(Arrays.stream(toDoubles(v)).allMatch(x -> x >= -1 && x <= 3));
    assertEquals(1, mean(v), 0.02);
    assertArrayEquals(new float[] {0, 0}, Init.zeros().sample(2, null, new SplittableRandom(1)));
    assertArrayEquals(new float[] {1, 1}, Init.ones().sample(2, null, new SplittableRandom(1)));
    assertArrayEquals(new float[] {0.5f, 0.5f}, Init.constant(0.5).sample(2, null, new SplittableRandom(1)));
    assertThrows(IllegalArgumentException.class, () -> Init.uniform(1, 1));
    assertThrows(IllegalArgumentException.class, () -> Init.normal(-1));
  }

  private static double[] toDoubles(float[] v) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = v[i];
    }
    return d;
  }

  @Test
  void perLayerOverrides() {
    ForwardModel m = Sequential.of(
        new Linear(500, 300).weightInit(Init.xavierUniform()).biasInit(Init.constant(0.1)))
        .build(Shape.batched(500), 9);
    assertUniformWithin(OrtRunner.parameter(m, "0.weight"), Math.sqrt(6.0 / 800));
    float[] expected = new float[300];
    Arrays.fill(expected, 0.1f);
    assertArrayEquals(expected, OrtRunner.parameter(m, "0.bias"));
    ForwardModel conv = Sequential.of(new Conv2d(2, 3, 1).weightInit(Init.ones()).bias(false))
        .build(Shape.batched(2, 4, 4), 9);
    assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1}, OrtRunner.parameter(conv, "0.weight"));
    assertEquals(java.util.List.of("0.weight"), conv.trainable());
  }

  @Test
  void aFanBasedInitOnANormalizationParameterSaysWhy() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> Sequential.of(new LayerNorm(4).weightInit(Init.kaimingNormal())).build(Shape.batched(4), 0));
    assertEquals("Cannot initialize '0.weight' with kaiming_normal(fan_in, relu): kaiming_normal needs the"
        + " parameter's fan_in/fan_out, which only Linear and Conv weights and biases have; use normal, uniform"
        + " or constant here", e.getMessage());
  }

  @Test
  void fanOfWeightsFollowsPyTorch() {
    assertEquals(new Fan(3 * 9, 16 * 9), Fan.ofWeight(16, 3, 3, 3));
    assertEquals(new Fan(784, 128), Fan.ofWeight(128, 784));
    assertThrows(IllegalArgumentException.class, () -> Fan.ofWeight(5));
    assertEquals(Math.sqrt(2), Nonlinearity.RELU.gain(), 1e-12);
    assertEquals("xavier_uniform(gain=1.0)", Init.xavierUniform().toString());
  }
}
