package dev.ortrain.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.benchmarks.Workload;
import java.util.List;
import org.junit.jupiter.api.Test;

class SuiteOptionsTest {
  @Test
  void byDefaultEveryModelRunsAtItsOwnBatchSizes() {
    SuiteOptions o = SuiteOptions.parse(new String[0]);
    assertEquals(List.of(Workload.values()), o.models);
    assertEquals(List.of(64, 256), o.batchesOf(Workload.CNN));
    assertEquals(List.of(32, 128), o.batchesOf(Workload.LSTM));
  }

  @Test
  void givenBatchSizesApplyToEveryModelChosen() {
    SuiteOptions o = SuiteOptions.parse(new String[] {"--models", "resnet,mlp", "--batches", "16,48"});
    assertEquals(List.of(Workload.RESNET, Workload.MLP), o.models);
    assertEquals(List.of(16, 48), o.batchesOf(Workload.RESNET));
    assertEquals(List.of(16, 48), o.batchesOf(Workload.MLP));
  }

  @Test
  void anUnknownModelIsAnError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SuiteOptions.parse(new String[] {"--models", "cnn,gru"}));
    assertTrue(e.getMessage().contains("'gru'"), e.getMessage());
  }

  @Test
  void aBatchSizeThatIsNoPositiveNumberIsAnError() {
    for (String bad : List.of("0", "-4", "32x")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> SuiteOptions.parse(new String[] {"--batches", "64," + bad}));
      assertTrue(e.getMessage().contains("--batches") && e.getMessage().contains("'" + bad + "'"), e.getMessage());
    }
  }
}
