package dev.ortrain.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.ortrain.artifacts.ArtifactBuilder;
import dev.ortrain.artifacts.Optimizer;
import dev.ortrain.graph.Shape;
import dev.ortrain.loss.CrossEntropyLoss;
import dev.ortrain.nn.AvgPool2d;
import dev.ortrain.nn.Conv2d;
import dev.ortrain.nn.Flatten;
import dev.ortrain.nn.Linear;
import dev.ortrain.nn.MaxPool2d;
import dev.ortrain.nn.ReLU;
import dev.ortrain.nn.Sequential;
import dev.ortrain.onnx.proto.Onnx.ModelProto;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The blocked training graphs of two CNNs, pinned byte for byte (SHA-256) at both block sizes, so that a
 * refactoring of the layout pass or of the gradient rules it reads cannot change them unnoticed. A deliberate
 * change to either updates the digests here.
 */
class BlockedLayoutGoldenTest {

  @ParameterizedTest(name = "{0} at block {1}")
  @CsvSource({
      "benchmark, 8, 7afb82b978f6333496ba50e512760b296f6be52f0811591609292fae4f2bb882",
      "benchmark, 16, 54dfcf88aa6e36ffbc0df500c7e851254cc455c222a073c4afe7558bfe2d0956",
      "small, 8, bfb00949c791f120a867a1895da4bbbb24cd18963fd9ae21fa4aa2fa86c74239",
      "small, 16, 0cb478ba775a76dffbfd2b553b5ffb964b172cbc8b330b9a9779656455801630",
  })
  void theBlockedTrainingGraphIsUnchanged(String model, int block, String expectedDigest) throws Exception {
    ModelProto training = trainingModel(model);
    ModelProto blocked = BlockedLayout.rewrite(training, block);
    assertNotEquals(training, blocked, "nothing was blocked");
    assertEquals(expectedDigest, sha256(blocked.toByteArray()));
  }

  private static ModelProto trainingModel(String model) {
    boolean benchmark = model.equals("benchmark");
    Sequential network = benchmark ? benchmarkCnn() : smallCnn();
    Shape input = benchmark ? Shape.batched(1, 28, 28) : Shape.batched(1, 8, 8);
    return ArtifactBuilder.forModel(network.build(input, 3L)).loss(CrossEntropyLoss.create())
        .optimizer(Optimizer.AdamW.defaults()).build().trainingModel();
  }

  /** The CNN of the benchmarks (dev.ortrain.benchmarks.Workloads.cnn). */
  private static Sequential benchmarkCnn() {
    return Sequential.of(
        new Conv2d(1, 32, 3).padding(1), new ReLU(), new MaxPool2d(2),
        new Conv2d(32, 64, 3).padding(1), new ReLU(), new MaxPool2d(2),
        new Flatten(), new Linear(3136, 128), new ReLU(), new Linear(128, 10));
  }

  /** Two blocked convs, average and max pooling after them (their gradients upsample): every rewrite applies. */
  private static Sequential smallCnn() {
    return Sequential.of(new Conv2d(1, 32, 3).padding(1), new ReLU(), new AvgPool2d(2),
        new Conv2d(32, 16, 3).padding(1), new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(16 * 2 * 2, 10));
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
