package dev.ortrain.layout;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.OnnxModels;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.graph.Tensors;
import dev.ortrain.onnx.proto.Onnx.ModelProto;
import java.nio.FloatBuffer;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SplittableRandom;

/**
 * Finds the NCHWc block size of the ONNX Runtime build in this process by asking it: a small convolution is
 * run through {@link BlockedLayout} at each candidate block size and compared with the standard Conv
 * kernel. The block size depends on the CPU features MLAS picked at load time, which Java cannot see, and a
 * wrong one gives wrong numbers rather than an error, so it is measured rather than guessed. Only x86-64 is
 * probed: there MLAS always has NCHWc kernels (block 8, or 16 with AVX-512).
 */
public final class BlockSizeProbe {
  private static final int CHANNELS = 32; // a multiple of both candidates, so that either one runs
  private static final int[] CANDIDATES = {16, 8};

  private BlockSizeProbe() {}

  /** The block size whose blocked convolution matches the standard one, or empty (then leave convs alone). */
  public static OptionalInt detect(OrtEnvironment env) {
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    if (!arch.equals("amd64") && !arch.equals("x86_64")) {
      return OptionalInt.empty();
    }
    ModelProto conv = convolution();
    float[] input = values(CHANNELS * 6 * 6, 11);
    try {
      float[] expected = run(env, conv, input);
      for (int b : CANDIDATES) {
        if (close(expected, run(env, BlockedLayout.rewrite(conv, b), input))) {
          return OptionalInt.of(b);
        }
      }
    } catch (OrtException e) {
      // A build without these kernels rejects the model: no blocked convolutions then.
    }
    return OptionalInt.empty();
  }

  private static ModelProto convolution() {
    GraphBuilder g = new GraphBuilder("block_size_probe");
    String x = g.input("x", TensorType.floats(Shape.of(1, CHANNELS, 6, 6)));
    String w = g.initializer(Tensors.floats("w", new long[] {CHANNELS, CHANNELS, 3, 3},
        values(CHANNELS * CHANNELS * 9, 5)));
    String b = g.initializer(Tensors.floats("b", new long[] {CHANNELS}, values(CHANNELS, 3)));
    g.node("Conv").inputs(x, w, b).ints("pads", 1, 1, 1, 1).outputs("y");
    g.output("y", TensorType.floats(Shape.of(1, CHANNELS, 6, 6)));
    return OnnxModels.model(g.build(), Map.of());
  }

  private static float[] run(OrtEnvironment env, ModelProto model, float[] input) throws OrtException {
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      try (OrtSession s = env.createSession(model.toByteArray(), options);
          OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {1, CHANNELS, 6, 6});
          OrtSession.Result r = s.run(Map.of("x", x))) {
        FloatBuffer y = ((OnnxTensor) r.get(0)).getFloatBuffer();
        float[] out = new float[y.remaining()];
        y.get(out);
        return out;
      }
    }
  }

  private static boolean close(float[] expected, float[] actual) {
    if (expected.length != actual.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if (!(Math.abs(expected[i] - actual[i]) <= 1e-3f * (1 + Math.abs(expected[i])))) {
        return false;
      }
    }
    return true;
  }

  private static float[] values(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] v = new float[n];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (random.nextDouble() * 2 - 1);
    }
    return v;
  }
}
