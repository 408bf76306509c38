package dev.ortrain.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.callbacks.LoggingFixtures.Captured;
import dev.ortrain.loop.FitResult;
import dev.ortrain.loop.Trainer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressBarTest {
  @TempDir Path dir;

  /** A clock that moves {@code secondsPerBatch} at each batch's start, so that line timing is exact. */
  static final class SteppingClock implements Callback, LongSupplier {
    private final long nanosPerBatch;
    private long now;

    SteppingClock(int secondsPerBatch) {
      this.nanosPerBatch = secondsPerBatch * 1_000_000_000L;
    }

    @Override
    public void onBatchBegin(TrainingContext ctx) {
      now += nanosPerBatch;
    }

    @Override
    public long getAsLong() {
      return now;
    }

    @Override
    public int order() {
      return LOGGING - 1; // before the progress display reads it
    }
  }

  @Test
  void withoutATerminalAShortEpochWritesOneLine() {
    Captured log = new Captured();
    FitResult result;
    try (Trainer t = LoggingFixtures.trainer(LoggingFixtures.config(3).build(), dir)
        .callback(new ProgressBar(log.out, false)).build()) {
      result = t.fit();
    }
    List<String> lines = log.lines();
    assertEquals(3, lines.size(), log.text());
    for (int e = 0; e < 3; e++) {
      String expected = "epoch " + (e + 1) + "/3  batch 13/13 (100%)  loss "
          + HumanFormat.number(result.history().get(e).get("train_loss")) + "  ";
      assertTrue(lines.get(e).startsWith(expected), lines.get(e) + "\n  expected " + expected);
      assertTrue(lines.get(e).matches(".* samples/s  took [0-9.]+ m?s"), lines.get(e));
    }
    assertFalse(log.text().contains("\r"), "no carriage returns in a log");
  }

  @Test
  void withoutATerminalLinesFollowPercentMarksSilenceAndTheRateLimit() {
    SteppingClock clock = new SteppingClock(2); // 13 batches: a 26 s epoch
    Captured tenPercent = new Captured();
    Captured quarters = new Captured();
    Captured silence = new Captured();
    try (Trainer t = LoggingFixtures.trainer(LoggingFixtures.config(2).build(), dir).callback(clock)
        .callback(progress(tenPercent, 10, 60, 10, clock))
        .callback(progress(quarters, 0, 3600, 25, clock))
        .callback(progress(silence, 1, 5, 100, clock)).build()) {
      t.fit();
    }
    // Every 10% but at most one line per 10 s: batches 5 (10 s) and 10 (20 s), and the epoch's end.
    assertEquals(List.of(5, 10, 13, 5, 10, 13), batchesOf(tenPercent), tenPercent.text());
    assertTrue(tenPercent.lines().get(0).matches(
        "epoch 1/2  batch 5/13 \\(38%\\)  loss [0-9.]+  8 samples/s  ETA 16 s"), tenPercent.lines().get(0));
    assertTrue(tenPercent.lines().get(5).matches(
        "epoch 2/2  batch 13/13 \\(100%\\)  loss [0-9.]+  7.692 samples/s  took 26 s"), tenPercent.lines().get(5));
    // Every 25% without a rate limit: 30%, 53%, 76%, 100%.
    assertEquals(List.of(4, 7, 10, 13, 4, 7, 10, 13), batchesOf(quarters), quarters.text());
    // No percent marks, but a line after 5 s of silence.
    assertEquals(List.of(3, 6, 9, 12, 13, 3, 6, 9, 12, 13), batchesOf(silence), silence.text());
  }

  /** A line is due at exactly a percent mark, and after exactly the longest silence (10 batches of 2 s). */
  @Test
  void aLineIsDueExactlyAtAPercentMarkAndAtTheLongestSilence() {
    SteppingClock clock = new SteppingClock(2);
    Captured tenths = new Captured();
    Captured silence = new Captured();
    try (Trainer t = LoggingFixtures.trainer(LoggingFixtures.config(1).batchSize(20).build(), dir).callback(clock)
        .callback(progress(tenths, 0, 3600, 10, clock))
        .callback(progress(silence, 0, 4, 100, clock)).build()) {
      t.fit();
    }
    assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), batchesOf(tenths), tenths.text());
    assertEquals(List.of(2, 4, 6, 8, 10), batchesOf(silence), silence.text());
  }

  private static ProgressBar progress(Captured log, int minSeconds, int maxSilenceSeconds, int percentStep,
      LongSupplier clock) {
    return new ProgressBar(new ProgressLines(log.out, Duration.ofSeconds(minSeconds),
        Duration.ofSeconds(maxSilenceSeconds), percentStep, clock));
  }

  private static List<Integer> batchesOf(Captured log) {
    return log.lines().stream()
        .map(l -> Integer.parseInt(l.substring(l.indexOf("batch ") + 6, l.indexOf('/', l.indexOf("batch ")))))
        .toList();
  }

  @Test
  void onATerminalEachEpochIsOneBarRedrawnInPlace() {
    Captured log = new Captured();
    FitResult result;
    try (Trainer t = LoggingFixtures.trainer(LoggingFixtures.config(2).build(), dir)
        .callback(new ProgressBar(new TerminalBar(log.out, 100, System::nanoTime))).build()) {
      result = t.fit();
    }
    String text = log.textWithFinishedLines(2);
    String[] bars = text.split("\n");
    assertEquals(2, bars.length, "one finished bar per epoch: " + text);
    for (int e = 0; e < 2; e++) {
      // The final redraw, without the style's colour codes.
      String last = bars[e].substring(bars[e].lastIndexOf('\r') + 1).replaceAll("\u001b\\[[0-9;]*m", "");
      assertTrue(last.startsWith("epoch " + (e + 1) + "/2 100%"), last);
      assertTrue(last.contains(" 13/13 "), last);
      assertTrue(last.contains("loss " + HumanFormat.number(result.history().get(e).get("train_loss"))), last);
      assertTrue(last.length() <= 100, "fits the width: " + last);
    }
  }

  @Test
  void aBarLeftOpenByAStopIsClosed() {
    Captured log = new Captured();
    Callback stopper = new Callback() {
      @Override
      public void onBatchEnd(TrainingContext ctx, BatchOutcome outcome) {
        if (ctx.batchInEpoch() == 5) {
          ctx.stop("enough");
        }
      }
    };
    try (Trainer t = LoggingFixtures.trainer(LoggingFixtures.config(2).build(), dir)
        .callback(new ProgressBar(new TerminalBar(log.out, 100, System::nanoTime))).callback(stopper).build()) {
      t.fit();
    }
    String text = log.textWithFinishedLines(1);
    assertTrue(text.endsWith("\n") && text.indexOf('\n') == text.length() - 1,
        text.replace("\r", "<CR>").replace("\n", "<LF>"));
    String last = text.substring(text.lastIndexOf('\r') + 1);
    assertTrue(last.contains(" 5/13 "), last);
  }

  @Test
  void interactiveMeansAConsoleOutsideCi() {
    assertTrue(ProgressBar.interactive(true, null));
    assertTrue(ProgressBar.interactive(true, ""));
    assertTrue(ProgressBar.interactive(true, "false"));
    assertTrue(ProgressBar.interactive(true, "0"));
    assertFalse(ProgressBar.interactive(true, "true"));
    assertFalse(ProgressBar.interactive(true, "1"));
    assertFalse(ProgressBar.interactive(false, null));
  }

  @Test
  void plainLineLimitsAreChecked() {
    Captured log = new Captured();
    assertEquals(Callback.LOGGING, ProgressBar.plainLines(log.out, Duration.ofMinutes(5)).order());
    assertEquals(Callback.LOGGING, new ProgressBar().order());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ProgressBar.plainLines(log.out, Duration.ofSeconds(-1)));
    assertTrue(e.getMessage().startsWith("Need 0 <= minInterval <= maxSilence, got minInterval PT-1S"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new ProgressLines(log.out, Duration.ZERO, Duration.ZERO, 0, System::nanoTime));
    assertEquals("percentStep must be within [1, 100], got 0", e.getMessage());
  }
}
