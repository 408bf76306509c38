package dev.ortrain.callbacks;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Writes training progress as plain lines, one line per event, so that it reads the same in a terminal, a
 * file or a CI log.
 *
 * <ul>
 *   <li>{@link Level#EPOCH}: a line per epoch with every metric of the history ({@code train_*}, {@code val_*}),
 *       the learning rate as the history records it, the epoch's wall time (validation included) and the
 *       training samples per second; a line when training resumes, ends, and after a test.
 *   <li>{@link Level#BATCHES}: also a line every {@code everyBatches} micro-batches with the optimizer step, the
 *       epoch's running mean loss, the learning rate that batch trained with and the samples per second since
 *       the previous such line; and a line for each validation run in the middle of an epoch.
 *   <li>{@link Level#VERBOSE}: batch lines also show the gradient norm of the latest batch and the mean time per
 *       batch split into waiting (between batches: the loader and other callbacks) and the step itself; a
 *       line for each non-finite batch; the epoch line adds validation time and skipped steps.
 * </ul>
 *
 * <p>Numbers have four significant digits. Times and rates cover what this process ran: after a resume in the
 * middle of an epoch, that epoch's time and samples per second cover only its resumed part. The logger only
 * reads the run, so it cannot change results.
 */
public final class ConsoleLogger implements Callback {
  /** How much to write. */
  public enum Level {
    EPOCH,
    BATCHES,
    VERBOSE
  }

  /** Batch lines every this many micro-batches unless told otherwise. */
  public static final int DEFAULT_EVERY_BATCHES = 50;

  private final Level level;
  private final int everyBatches;
  private final PrintStream out;
  private final LongSupplier clock;
  private final EpochTally epoch = new EpochTally();
  private final EpochTally sinceLastLine = new EpochTally();
  private long trainStartNanos;
  private long lastBatchEndNanos;
  private long waitStartNanos;
  private long validationStartNanos;
  private double validationSeconds;
  private double waitSeconds;
  private double stepSeconds;
  private float batchLearningRate;

  /** Writes to standard output, batch lines (if any) every {@value #DEFAULT_EVERY_BATCHES} micro-batches. */
  public ConsoleLogger(Level level) {
    this(level, DEFAULT_EVERY_BATCHES, System.out);
  }

  public ConsoleLogger(Level level, int everyBatches, PrintStream out) {
    this(level, everyBatches, out, System::nanoTime);
  }

  ConsoleLogger(Level level, int everyBatches, PrintStream out, LongSupplier clock) {
    this.level = Objects.requireNonNull(level, "level");
    if (everyBatches < 1) {
      throw new IllegalArgumentException("everyBatches must be at least 1, got " + everyBatches);
    }
    this.everyBatches = everyBatches;
    this.out = Objects.requireNonNull(out, "out");
    this.clock = clock;
  }

  @Override
  public void onTrainBegin(TrainingContext ctx) {
    long now = clock.getAsLong();
    trainStartNanos = now;
    startEpochTally(now);
    boolean resumed = ctx.epoch() > 0 || ctx.batchInEpoch() > 0;
    if (resumed && ctx.epoch() < ctx.epochs()) {
      print("resumed at epoch " + (ctx.epoch() + 1) + "/" + ctx.epochs() + ", batch " + ctx.batchInEpoch() + "/"
          + ctx.batchesPerEpoch() + ", step " + ctx.globalStep());
    }
  }

  @Override
  public void onEpochBegin(TrainingContext ctx) {
    startEpochTally(clock.getAsLong());
  }

  private void startEpochTally(long now) {
    epoch.restart(now);
    restartBatchWindow(now);
    validationSeconds = 0;
    lastBatchEndNanos = now;
    waitStartNanos = now;
  }

  private void restartBatchWindow(long now) {
    sinceLastLine.restart(now);
    waitSeconds = 0;
    stepSeconds = 0;
  }

  @Override
  public void onBatchBegin(TrainingContext ctx) {
    waitSeconds += (clock.getAsLong() - waitStartNanos) / 1e9;
    batchLearningRate = ctx.learningRate(); // after the step, ctx holds the next step's rate
  }

  @Override
  public void onBatchEnd(TrainingContext ctx, BatchOutcome outcome) {
    long now = clock.getAsLong();
    lastBatchEndNanos = now;
    waitStartNanos = now;
    epoch.add(outcome);
    sinceLastLine.add(outcome);
    stepSeconds += outcome.seconds();
    if (level == Level.VERBOSE && outcome.skipped()) {
      print("  batch " + ctx.batchInEpoch() + "/" + ctx.batchesPerEpoch() + " not finite (loss "
          + HumanFormat.number(outcome.loss()) + ", grad_norm " + HumanFormat.number(outcome.gradNorm())
          + "): its optimizer step is skipped");
    }
    if (level != Level.EPOCH && ctx.batchInEpoch() % everyBatches == 0) {
      print(batchLine(ctx, outcome, now));
      restartBatchWindow(now);
    }
  }

  private String batchLine(TrainingContext ctx, BatchOutcome outcome, long now) {
    StringBuilder line = new StringBuilder("  batch ").append(ctx.batchInEpoch()).append('/')
        .append(ctx.batchesPerEpoch())
        .append("  step ").append(ctx.globalStep())
        .append("  loss ").append(HumanFormat.number(epoch.meanLoss()))
        .append("  lr ").append(HumanFormat.number(batchLearningRate))
        .append("  ").append(HumanFormat.number(sinceLastLine.samplesPerSecond(now))).append(" samples/s");
    if (level == Level.VERBOSE) {
      int batches = sinceLastLine.batches();
      line.append("  grad_norm ").append(HumanFormat.number(outcome.gradNorm()))
          .append("  wait ").append(HumanFormat.duration(waitSeconds / batches)).append("/batch")
          .append("  step ").append(HumanFormat.duration(stepSeconds / batches)).append("/batch");
    }
    return line.toString();
  }

  @Override
  public void onValidationBegin(TrainingContext ctx) {
    validationStartNanos = clock.getAsLong();
  }

  @Override
  public void onValidationEnd(TrainingContext ctx, Map<String, Double> metrics) {
    long now = clock.getAsLong();
    validationSeconds += (now - validationStartNanos) / 1e9;
    waitStartNanos = now; // validation time is not waiting for data
    boolean midEpoch = ctx.batchInEpoch() < ctx.batchesPerEpoch();
    if (level != Level.EPOCH && midEpoch) {
      print("  validation at step " + ctx.globalStep() + "  " + HumanFormat.metrics(metrics));
    }
  }

  @Override
  public void onEpochEnd(TrainingContext ctx) {
    long now = clock.getAsLong();
    List<Map<String, Double>> history = ctx.history();
    Map<String, Double> metrics = new LinkedHashMap<>(history.get(history.size() - 1));
    metrics.remove("epoch");
    Double lr = metrics.remove("lr");
    StringBuilder line = new StringBuilder("epoch ").append(ctx.epoch() + 1).append('/').append(ctx.epochs());
    if (!metrics.isEmpty()) {
      line.append("  ").append(HumanFormat.metrics(metrics));
    }
    if (lr != null) {
      line.append("  lr ").append(HumanFormat.number(lr));
    }
    line.append("  time ").append(HumanFormat.duration(epoch.seconds(now)))
        .append("  ").append(HumanFormat.number(epoch.samplesPerSecond(lastBatchEndNanos))).append(" samples/s");
    if (level == Level.VERBOSE) {
      line.append("  validation ").append(HumanFormat.duration(validationSeconds))
          .append("  skipped steps ").append(ctx.skippedSteps());
    }
    print(line.toString());
  }

  @Override
  public void onTestEnd(TrainingContext ctx, Map<String, Double> metrics) {
    print("test  " + HumanFormat.metrics(metrics));
  }

  @Override
  public void onTrainEnd(TrainingContext ctx) {
    int done = ctx.history().size();
    String how = ctx.stopReason().map(r -> "stopped after " + done + " of " + ctx.epochs() + " epochs (" + r + ")")
        .orElse("finished " + done + " epochs");
    print("training " + how + ", step " + ctx.globalStep() + ", "
        + HumanFormat.duration((clock.getAsLong() - trainStartNanos) / 1e9)
        + (ctx.skippedSteps() > 0 ? ", " + ctx.skippedSteps() + " skipped steps" : ""));
  }

  private void print(String line) {
    out.println(line);
    out.flush();
  }

  @Override
  public int order() {
    return LOGGING;
  }
}
