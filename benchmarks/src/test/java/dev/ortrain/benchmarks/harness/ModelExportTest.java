package dev.ortrain.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.benchmarks.Workload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export step, with a shell script standing in for torch_worker.py (its arguments as the worker gets them). */
class ModelExportTest {
  @TempDir Path dir;

  @Test
  void theCommandNamesModelSeedAndFile() {
    Path out = dir.resolve("m.onnx");
    assertEquals(List.of("py", "tw.py", "--export", "transformer", "--seed", "7", "--out", out.toString()),
        ModelExport.command("py", Path.of("tw.py"), Workload.TRANSFORMER, 7, out));
  }

  @Test
  void modelsOrtrainBuildsItselfAreNotExported() {
    assertThrows(IllegalArgumentException.class,
        () -> ModelExport.command("py", Path.of("tw.py"), Workload.CNN, 1, dir.resolve("m.onnx")));
  }

  @Test
  void theFileTheExportWroteIsReturned() throws IOException {
    Path script = script("printf '%s %s' \"$2\" \"$4\" > \"$6\"");
    Path file = ModelExport.run("sh", script, Workload.LSTM, 3, dir, Map.of(), dir.resolve("log"));
    assertEquals("lstm 3", Files.readString(file));
  }

  @Test
  void aFailedExportNamesItsLog() throws IOException {
    Path script = script("echo 'no onnx module' >&2; exit 3");
    Path log = dir.resolve("export.log");
    IOException e = assertThrows(IOException.class,
        () -> ModelExport.run("sh", script, Workload.RESNET, 1, dir, Map.of(), log));
    assertTrue(e.getMessage().contains("exit code 3") && e.getMessage().contains(log.toString()), e.getMessage());
    assertTrue(Files.readString(log).contains("no onnx module"));
  }

  @Test
  void anExportThatWroteNoFileFails() throws IOException {
    Path script = script("exit 0");
    assertThrows(IOException.class,
        () -> ModelExport.run("sh", script, Workload.RESNET, 1, dir, Map.of(), dir.resolve("log")));
  }

  private Path script(String body) throws IOException {
    return Files.writeString(dir.resolve("export.sh"), body + "\n");
  }
}
