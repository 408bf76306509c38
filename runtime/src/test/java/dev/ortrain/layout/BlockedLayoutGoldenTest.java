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
      "benchmark, 8, 680e1bfe6b703d79078e51cabe8dcc2a10e13c89a50a2d114e67710dff0a4fe3",
      "benchmark, 16, fd91dca2e6fe3bd55c9d3c4f81f85a5d9d0d4836b8e840abbbfc8f0ae722be47",
      "small, 8, e967ca827639e405017d25760bbf0cff4a4c382c53563249abbc67da2b467992",
      "small, 16, b800e99d218f1178a5d040e6f6cbc6a9d12a8c14933b110a173746631aef6c21",
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
