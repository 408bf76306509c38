package dev.ortrain.callbacks;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Objects;

/**
 * Shows how far the current epoch is, with ETA, the epoch's running mean loss and samples per second.
 *
 * <p>On an interactive terminal it draws a bar per epoch (me.tongfei:progressbar), redrawn in place. Anywhere
 * else (output redirected to a file, a CI log) a redrawn bar would leave a line per redraw, so it writes plain
 * single lines instead: when the epoch passes another 10% or after a minute without one, at most one per 10 s
 * (see {@link #plainLines} to change the limit), and always one at the epoch's end.
 *
 * <p>Register it with a {@link ConsoleLogger} at {@link ConsoleLogger.Level#EPOCH}: batch lines written while
 * a bar is being drawn would break it. The bar only reads the run, so it cannot change results.
 */
public final class ProgressBar implements Callback {
  static final Duration MIN_INTERVAL = Duration.ofSeconds(10);
  static final Duration MAX_SILENCE = Duration.ofSeconds(60);
  static final int PERCENT_STEP = 10;

  private final Callback display;

  /** On standard output: a bar when it is an interactive terminal (see {@link #interactive()}), else lines. */
  public ProgressBar() {
    this(System.out, interactive());
  }

  /** A bar when {@code interactive}, else plain lines with the default limit. */
  public ProgressBar(PrintStream out, boolean interactive) {
    this(interactive
        ? new TerminalBar(Objects.requireNonNull(out, "out"), 0, System::nanoTime)
        : new ProgressLines(Objects.requireNonNull(out, "out"), MIN_INTERVAL, MAX_SILENCE, PERCENT_STEP,
            System::nanoTime));
  }

  ProgressBar(Callback display) {
    this.display = display;
  }

  /**
   * Plain lines only, at most one per {@code minInterval} (besides each epoch's last), and one at least every
   * {@code max(minInterval, 60 s)}.
   */
  public static ProgressBar plainLines(PrintStream out, Duration minInterval) {
    Duration maxSilence = minInterval.compareTo(MAX_SILENCE) > 0 ? minInterval : MAX_SILENCE;
    return new ProgressBar(new ProgressLines(Objects.requireNonNull(out, "out"), minInterval, maxSilence,
        PERCENT_STEP, System::nanoTime));
  }

  /**
   * Whether standard output is an interactive terminal: the JVM has a console (on Java 17 to 21, both standard
   * input and output are terminals) and the environment variable {@code CI} is not set, as CI services set it.
   */
  public static boolean interactive() {
    return interactive(System.console() != null, System.getenv("CI"));
  }

  static boolean interactive(boolean hasConsole, String ciVariable) {
    boolean onCi = ciVariable != null && !ciVariable.isBlank() && !ciVariable.equalsIgnoreCase("false")
        && !ciVariable.equals("0");
    return hasConsole && !onCi;
  }

  @Override
  public void onTrainBegin(TrainingContext ctx) {
    display.onTrainBegin(ctx);
  }

  @Override
  public void onEpochBegin(TrainingContext ctx) {
    display.onEpochBegin(ctx);
  }

  @Override
  public void onBatchEnd(TrainingContext ctx, BatchOutcome outcome) {
    display.onBatchEnd(ctx, outcome);
  }

  @Override
  public void onTrainEnd(TrainingContext ctx) {
    display.onTrainEnd(ctx);
  }

  @Override
  public int order() {
    return LOGGING;
  }
}
