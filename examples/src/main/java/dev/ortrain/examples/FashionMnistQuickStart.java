package dev.ortrain.examples;

import ai.onnxruntime.OnnxTensor;
import dev.ortrain.artifacts.ArtifactBuilder;
import dev.ortrain.artifacts.ArtifactPaths;
import dev.ortrain.artifacts.Optimizer;
import dev.ortrain.data.IdxFile;
import dev.ortrain.graph.Shape;
import dev.ortrain.loss.CrossEntropyLoss;
import dev.ortrain.nn.Flatten;
import dev.ortrain.nn.Linear;
import dev.ortrain.nn.ReLU;
import dev.ortrain.nn.Sequential;
import dev.ortrain.session.SessionConfig;
import dev.ortrain.session.StepResult;
import dev.ortrain.session.TrainingSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/**
 * The README's first command: defines an MLP in Java, generates its training artifacts, trains it on
 * Fashion-MNIST through ONNX Runtime and reports test accuracy. Written against the runtime API directly;
 * annotated experiments generate this loop for you.
 *
 * <p>Arguments (all optional): {@code --epochs N}, {@code --data DIR}, {@code --out DIR}.
 */
public final class FashionMnistQuickStart {
  private static final int BATCH = 64;

  private FashionMnistQuickStart() {}

  public static void main(String[] args) throws Exception {
    int epochs = 3;
    Path dataDir = null;
    Path out = Path.of("runs", "quickstart");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--epochs" -> epochs = Integer.parseInt(args[++i]);
        case "--data" -> dataDir = Path.of(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("Unknown argument " + args[i] + "; use --epochs N, --data DIR, --out DIR");
      }
    }
    FashionMnistData data = FashionMnistData.load(dataDir);
    System.out.println("Data: " + data.source());
    Sequential model = Sequential.of(
        new Flatten(), new Linear(784, 256), new ReLU(), new Linear(256, 128), new ReLU(), new Linear(128, 10));
    Shape input = Shape.batched(1, 28, 28);
    System.out.print(model.summary(input));
    ArtifactPaths paths = ArtifactBuilder.forModel(model.build(input, 42L)).loss(CrossEntropyLoss.create())
        .optimizer(Optimizer.AdamW.defaults()).build().writeTo(out.resolve("artifacts"));
    float accuracy = train(paths, data, epochs, out);
    System.out.printf("Test accuracy after %d epoch(s): %.4f%n", epochs, accuracy);
  }

  static float train(ArtifactPaths paths, FashionMnistData data, int epochs, Path out) throws Exception {
    float[] trainX = data.trainImages().toFloats(1f / 255);
    long[] trainY = data.trainLabels().toLongs();
    int n = data.trainImages().count();
    FloatBuffer x = ByteBuffer.allocateDirect(BATCH * 784 * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    LongBuffer y = ByteBuffer.allocateDirect(BATCH * 8).order(ByteOrder.nativeOrder()).asLongBuffer();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Random random = new Random(42);
    try (TrainingSession session = TrainingSession.open(paths, SessionConfig.defaults(), 1e-3f);
        OnnxTensor xt = session.floatTensor(x, BATCH, 1, 28, 28);
        OnnxTensor yt = session.longTensor(y, BATCH)) {
      for (int epoch = 1; epoch <= epochs; epoch++) {
        shuffle(order, random);
        long start = System.nanoTime();
        double lossSum = 0;
        int batches = n / BATCH; // the last partial batch is dropped in this minimal loop
        for (int b = 0; b < batches; b++) {
          for (int i = 0; i < BATCH; i++) {
            int s = order[b * BATCH + i];
            x.put(i * 784, trainX, s * 784, 784);
            y.put(i, trainY[s]);
          }
          StepResult r = session.trainStep(Map.of("input", xt, "target", yt));
          session.optimizerStep();
          session.resetGradients();
          lossSum += r.loss();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("epoch %d/%d  loss %.4f  %.1f s  %.0f samples/s%n", epoch, epochs, lossSum / batches,
            seconds, batches * BATCH / seconds);
      }
      Path exported = out.resolve("model.onnx");
      Files.createDirectories(out);
      session.exportInferenceModel(exported);
      System.out.println("Inference model: " + exported);
      return testAccuracy(session, data);
    }
  }

  private static float testAccuracy(TrainingSession session, FashionMnistData data) {
    float[] testX = data.testImages().toFloats(1f / 255);
    long[] testY = data.testLabels().toLongs();
    int n = data.testImages().count();
    int correct = 0;
    for (int start = 0; start < n; start += BATCH) {
      int size = Math.min(BATCH, n - start);
      FloatBuffer x = ByteBuffer.allocateDirect(size * 784 * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
      LongBuffer y = ByteBuffer.allocateDirect(size * 8).order(ByteOrder.nativeOrder()).asLongBuffer();
      x.put(0, testX, start * 784, size * 784);
      y.put(0, testY, start, size);
      try (OnnxTensor xt = session.floatTensor(x, size, 1, 28, 28); OnnxTensor yt = session.longTensor(y, size)) {
        float[] logits = session.evalStep(Map.of("input", xt, "target", yt)).prediction();
        for (int i = 0; i < size; i++) {
          int best = 0;
          for (int c = 1; c < 10; c++) {
            if (logits[i * 10 + c] > logits[i * 10 + best]) {
              best = c;
            }
          }
          if (best == testY[start + i]) {
            correct++;
          }
        }
      }
    }
    return correct / (float) n;
  }

  private static void shuffle(int[] order, Random random) {
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }
}
