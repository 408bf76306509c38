package dev.ortrain.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WorkloadTest {
  @Test
  void everyWorkloadIsFoundByItsId() {
    for (Workload w : Workload.values()) {
      assertEquals(w, Workload.parse(w.id()));
    }
  }

  @Test
  void anUnknownModelIsRefusedWithTheKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Workload.parse("vgg"));
    assertTrue(e.getMessage().contains("'vgg'"), e.getMessage());
    assertTrue(e.getMessage().contains("mlp,cnn,resnet,transformer,lstm"), e.getMessage());
  }

  @Test
  void onlyTheModelsOrtrainsApiCannotBuildComeFromPyTorch() {
    assertFalse(Workload.MLP.importedFromPyTorch());
    assertFalse(Workload.CNN.importedFromPyTorch());
    assertTrue(Workload.RESNET.importedFromPyTorch());
    assertTrue(Workload.TRANSFORMER.importedFromPyTorch());
    assertTrue(Workload.LSTM.importedFromPyTorch());
  }

  /** The LSTM's cost is dominated by its recurrences: 4 gates over input and hidden state per step and layer. */
  @Test
  void lstmCostCountsBothLayersAtEveryStep() {
    double gates = 4 * 128;
    double forwardMacs = 28 * (gates * (28 + 128) + gates * (128 + 128)) + 128 * 10;
    assertEquals(3 * 2 * forwardMacs, Workload.LSTM.flopsPerSample(), 1e-6);
  }
}
