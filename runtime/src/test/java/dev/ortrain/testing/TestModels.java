package dev.ortrain.testing;

import dev.ortrain.artifacts.ForwardModel;
import dev.ortrain.data.ArrayDataset;
import dev.ortrain.data.Dataset;
import dev.ortrain.data.FieldSpec;
import dev.ortrain.data.FieldValues;
import dev.ortrain.data.SampleContext;
import dev.ortrain.data.Transform;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.OnnxModels;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.graph.Tensors;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Small models and data shared by the runtime's tests. */
public final class TestModels {
  private TestModels() {}

  /** A 4-16-3 MLP (Gemm, Relu, Gemm) with seeded weights; parameters fc1.weight, fc1.bias, fc2.weight, fc2.bias. */
  public static ForwardModel mlp(long seed) {
    Random r = new Random(seed);
    GraphBuilder g = new GraphBuilder("mlp");
    g.input("input", TensorType.floats(Shape.batched(4)));
    g.initializer(Tensors.floats("fc1.weight", new long[] {16, 4}, randn(r, 64, 0.5f)));
    g.initializer(Tensors.floats("fc1.bias", new long[] {16}, new float[16]));
    g.initializer(Tensors.floats("fc2.weight", new long[] {3, 16}, randn(r, 48, 0.25f)));
    g.initializer(Tensors.floats("fc2.bias", new long[] {3}, new float[3]));
    g.node("Gemm").inputs("input", "fc1.weight", "fc1.bias").attr("transB", 1L).outputs("h");
    g.valueType("h", TensorType.floats(Shape.batched(16)));
    g.node("Relu").inputs("h").outputs("h_relu");
    g.valueType("h_relu", TensorType.floats(Shape.batched(16)));
    g.node("Gemm").inputs("h_relu", "fc2.weight", "fc2.bias").attr("transB", 1L).outputs("logits");
    g.output("logits", TensorType.floats(Shape.batched(3)));
    return new ForwardModel(OnnxModels.model(g.build(), Map.of()), "logits",
        List.of("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"), List.of());
  }

  public static float[] randn(Random r, int n, float std) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) r.nextGaussian() * std;
    }
    return v;
  }

  /** Three separable clusters in 4-D. */
  public static void data(Random r, FloatBuffer x, LongBuffer y, int n) {
    for (int i = 0; i < n; i++) {
      int c = r.nextInt(3);
      for (int j = 0; j < 4; j++) {
        x.put(i * 4 + j, (float) (r.nextGaussian() * 0.3 + (j == c ? 2 : 0)));
      }
      y.put(i, c);
    }
  }


  /**
   * {@code n} samples of three Gaussian clusters in 4-D, fields {@code input} and {@code target}; sample
   * {@code poisoned} (if >= 0) has a NaN feature.
   */
  public static Dataset clusters(int n, long seed, int poisoned) {
    Random r = new Random(seed);
    float[] x = new float[n * 4];
    long[] y = new long[n];
    for (int i = 0; i < n; i++) {
      int c = r.nextInt(3);
      for (int j = 0; j < 4; j++) {
        x[i * 4 + j] = (float) (r.nextGaussian() * 0.5 + (j == c ? 1.5 : 0));
      }
      y[i] = c;
    }
    if (poisoned >= 0) {
      x[poisoned * 4] = Float.NaN;
    }
    return ArrayDataset.builder(n).floats("input", x, 4).longs("target", y).build();
  }

  /**
   * A transform that turns the first value of one sample's {@code field} into NaN while batches are
   * assembled: a step that diverges mid-run, which the data check before training cannot see.
   */
  public static Transform poisonSample(String field, int sampleIndex) {
    return poisonSamples(field, java.util.Set.of(sampleIndex));
  }

  /** As {@link #poisonSample}, for several samples. */
  public static Transform poisonSamples(String field, java.util.Set<Integer> sampleIndices) {
    return new Transform() {
      @Override
      public String field() {
        return field;
      }

      @Override
      public FieldSpec outputSpec(FieldSpec input) {
        return input;
      }

      @Override
      public void apply(FieldValues in, FieldValues out, SampleContext context) {
        System.arraycopy(in.floats(), 0, out.floats(), 0, in.floats().length);
        if (sampleIndices.contains(context.sampleIndex())) {
          out.floats()[0] = Float.NaN;
        }
      }
    };
  }
}
