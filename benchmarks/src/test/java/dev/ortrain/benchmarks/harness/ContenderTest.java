package dev.ortrain.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ortrain.benchmarks.Workload;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContenderTest {
  private static List<String> trainersOf(Workload model) {
    return Contender.ALL.stream().filter(id -> Contender.of(id, Path.of("."), "python3").trains(model)).toList();
  }

  @Test
  void theModelsPyTorchExportsRunOrtrainTheRawLoopAndPyTorch() {
    for (Workload w : List.of(Workload.RESNET, Workload.TRANSFORMER, Workload.LSTM)) {
      assertEquals(List.of(Contender.FRAMEWORK, Contender.RAW_ORT, Contender.PYTORCH), trainersOf(w));
    }
  }

  @Test
  void theMlpAndCnnRunEveryContender() {
    assertEquals(Contender.ALL, trainersOf(Workload.MLP));
    assertEquals(Contender.ALL, trainersOf(Workload.CNN));
  }

  @Test
  void onlyTheOnnxRuntimeWorkersImportTheExport() {
    List<String> importers = Contender.ALL.stream()
        .filter(id -> Contender.of(id, Path.of("."), "python3").importsOnnx()).toList();
    assertEquals(List.of(Contender.FRAMEWORK, Contender.RAW_ORT, Contender.FRAMEWORK_LOGGING), importers);
  }
}
