package dev.ortrain.cli.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One PNG per swept setting, whatever its scale: log-uniform, linear, or a category. */
class SweepPlotTest {
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G'};

  @TempDir Path dir;

  @Test
  void everySweptSettingGetsAPlotOnItsScale() throws Exception {
    SweepDefinition definition = new SweepDefinition("x.Tiny",
        List.of(GridAxis.parse("shuffle=true,false"), GridAxis.parse("batchSize=8,16")),
        List.of(RandomAxis.parse("learningRate=loguniform:1e-4:1e-1")), 2, 0, List.of(1L), List.of(), "val_loss",
        PruneRule.NONE);
    assertEquals(List.of(Scale.CATEGORY, Scale.LINEAR, Scale.LOG),
        definition.sweptSettings().stream().map(SweptSetting::scale).toList());
    Map<String, TrialResult> finished = new LinkedHashMap<>();
    double loss = 1;
    for (Trial trial : definition.trials()) {
      loss *= 0.9;
      finished.put(trial.id(), new TrialResult(trial, TrialStatus.COMPLETED, List.of(Map.of("val_loss", loss)), ""));
    }
    SweepResults results = SweepResults.of(definition, finished);
    SweepFolder folder = new SweepFolder(dir);
    for (SweptSetting setting : definition.sweptSettings()) {
      SweepPlot.write(results, setting, folder.plot(setting));
      byte[] png = Files.readAllBytes(folder.plot(setting));
      assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(png, 4), setting.key());
    }
    try (var files = Files.list(dir)) {
      assertEquals(List.of("metric-vs-batchSize.png", "metric-vs-learningRate.png", "metric-vs-shuffle.png"),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void gridsSpanningTwoDecadesAreDrawnOnALogAxis() {
    assertEquals(Scale.LOG, GridAxis.parse("learningRate=1e-4,1e-3,1e-2").scale());
    assertEquals(Scale.LINEAR, GridAxis.parse("learningRate=0.01,0.05").scale());
    assertEquals(Scale.LINEAR, GridAxis.parse("clipGradNorm=0,1,100").scale(), "0 has no logarithm");
  }
}
