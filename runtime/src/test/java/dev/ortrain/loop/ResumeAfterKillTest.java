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
    runAndKill(runDir, "fresh", killAt, 0);
  }

  /**
   * Starts a run ("fresh" or "resume") and kills it with SIGKILL {@code delayMicros} after it printed
   * {@code STEP killAt}: a step divisible by 3 is followed by a checkpoint save and the pruning of the
   * oldest one, which a short delay kills in the middle of.
   */
  private static void runAndKill(Path runDir, String mode, int killAt, long delayMicros) throws Exception {
    Process p = start(runDir, mode);
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.equals("STEP " + killAt)) {
          java.util.concurrent.locks.LockSupport.parkNanos(delayMicros * 1000);
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

  /**
   * Kills at many points of one run, after a step, during the checkpoint save that follows every third step
   * and during the pruning after it (delays of 0.2 to 6 ms), and once a second time while the resumed run
   * trains: every resume, from the run folder's newest valid checkpoint, ends bit for bit as the
   * uninterrupted run.
   */
  @Test
  void killedAtManyPointsAndResumedEqualsUninterrupted() throws Exception {
    Path straight = dir.resolve("straight");
    List<String> out = runToEnd(straight, "fresh");
    byte[] finalParameters = Files.readAllBytes(straight.resolve("final.ckpt"));
    String history = Files.readString(straight.resolve("history.json"));
    long[][] points = {{2, 0}, {3, 200}, {3, 1000}, {6, 3000}, {9, 500}, {12, 6000}, {15, 2000}, {21, 0}};
    for (long[] point : points) {
      Path killed = dir.resolve("killed-" + point[0] + "-" + point[1]);
      runAndKill(killed, "fresh", (int) point[0], point[1]);
      assertResumesToTheEnd(killed, out, finalParameters, history, "killed at step " + point[0] + " + "
          + point[1] + " us");
    }
    Path twice = dir.resolve("killed-twice");
    runAndKill(twice, "fresh", 5, 0);
    runAndKill(twice, "resume", 14, 1500);
    assertResumesToTheEnd(twice, out, finalParameters, history, "killed at steps 5 and 14");
  }

  private static void assertResumesToTheEnd(Path run, List<String> straightOut, byte[] finalParameters,
      String history, String what) throws Exception {
    List<String> resumed = runToEnd(run, "resume");
    assertEquals(straightOut.get(straightOut.size() - 1), resumed.get(resumed.size() - 1), what + ": steps");
    assertArrayEquals(finalParameters, Files.readAllBytes(run.resolve("final.ckpt")), what + ": parameters");
    assertEquals(history, Files.readString(run.resolve("history.json")), what + ": metrics history");
  }
}
