package dev.ortrain.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.checkpoint.CheckpointStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hard way: a training process killed with SIGKILL at an arbitrary step and resumed from its last
 * checkpoint ends with parameters and metrics equal, bit for bit, to a run that was never interrupted.
 */
class ResumeAfterKillTest {
  @TempDir Path dir;

  private static Process start(Path runDir, String mode) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path")));
    String cache = System.getProperty("ortrain.native.cache");
    if (cache != null) {
      cmd.add(1, "-Dortrain.native.cache=" + cache);
    }
    cmd.addAll(List.of(KillableTraining.class.getName(), runDir.toString(), mode));
    return new ProcessBuilder(cmd).redirectErrorStream(true).start();
  }

  /** Runs to the end and returns its output. */
  private static List<String> runToEnd(Path runDir, String mode) throws Exception {
    Process p = start(runDir, mode);
    List<String> lines = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        lines.add(line);
      }
    }
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), String.join("\n", lines));
    return lines;
  }

  /** Starts a fresh run and kills it with SIGKILL once it has printed {@code STEP killAt}. */
  private static void runAndKill(Path runDir, int killAt) throws Exception {
    Process p = start(runDir, "fresh");
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.equals("STEP " + killAt)) {
          p.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, no finally blocks
          break;
        }
      }
    }
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(137, p.exitValue(), "killed by SIGKILL");
  }

  @Test
  void killedAndResumedEqualsUninterrupted() throws Exception {
    Path straight = dir.resolve("straight");
    List<String> out = runToEnd(straight, "fresh");
    assertTrue(out.get(out.size() - 1).startsWith("DONE"), out.toString());

    Path killed = dir.resolve("killed");
    runAndKill(killed, 17);
    assertTrue(Files.notExists(killed.resolve("final.ckpt")));
    assertTrue(!new CheckpointStore(killed.resolve("checkpoints")).list().isEmpty());
    List<String> resumed = runToEnd(killed, "resume");
    assertTrue(resumed.stream().anyMatch(l -> l.startsWith("LOG Restored ")), resumed.toString());
    assertEquals(out.get(out.size() - 1), resumed.get(resumed.size() - 1), "same number of steps");

    assertArrayEquals(Files.readAllBytes(straight.resolve("final.ckpt")), Files.readAllBytes(killed.resolve("final.ckpt")),
        "parameters, batch-norm statistics and optimizer state equal bit for bit");
    assertEquals(Files.readString(straight.resolve("history.json")), Files.readString(killed.resolve("history.json")),
        "metrics history equal bit for bit");
  }
}
