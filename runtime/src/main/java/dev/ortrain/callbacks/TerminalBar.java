package dev.ortrain.callbacks;

import java.io.PrintStream;
import java.time.Duration;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * A bar per epoch, redrawn in place by me.tongfei:progressbar, with ETA, the epoch's running mean loss and
 * samples per second. Only for interactive terminals: each redraw is a carriage return, which a file or CI
 * log would keep as one line per redraw.
 */
final class TerminalBar implements Callback {
  private static final int REDRAW_MILLIS = 200;

  private final PrintStream out;
  private final int width;
  private final LongSupplier clock;
  private final EpochTally tally = new EpochTally();
  private me.tongfei.progressbar.ProgressBar bar;
  private OnceClosed consumer;

  /** @param width characters per bar, or 0 for the terminal's width */
  TerminalBar(PrintStream out, int width, LongSupplier clock) {
    this.out = out;
    this.width = width;
    this.clock = clock;
  }

  @Override
  public void onTrainBegin(TrainingContext ctx) {
    if (ctx.batchInEpoch() > 0) {
      open(ctx); // resumed mid-epoch: no onEpochBegin comes for this epoch
    }
  }

  @Override
  public void onEpochBegin(TrainingContext ctx) {
    open(ctx);
  }

  private void open(TrainingContext ctx) {
    close();
    tally.restart(clock.getAsLong());
    consumer = new OnceClosed(width > 0
        ? new ConsoleProgressBarConsumer(out, width)
        : new ConsoleProgressBarConsumer(out));
    bar = new ProgressBarBuilder()
        .setTaskName("epoch " + (ctx.epoch() + 1) + "/" + ctx.epochs())
        .setInitialMax(ctx.batchesPerEpoch())
        .startsFrom(ctx.batchInEpoch(), Duration.ZERO)
        .setUpdateIntervalMillis(REDRAW_MILLIS)
        .setConsumer(consumer)
        .build();
  }

  @Override
  public void onBatchEnd(TrainingContext ctx, BatchOutcome outcome) {
    tally.add(outcome); // a bar is open: every batch follows onEpochBegin or a mid-epoch onTrainBegin
    long now = clock.getAsLong();
    bar.setExtraMessage("loss " + HumanFormat.number(tally.meanLoss()) + "  "
        + HumanFormat.number(tally.samplesPerSecond(now)) + " samples/s");
    bar.stepTo(ctx.batchInEpoch());
    if (ctx.batchInEpoch() == ctx.batchesPerEpoch()) {
      close(); // before validation and the epoch's log lines
    }
  }

  @Override
  public void onTrainEnd(TrainingContext ctx) {
    close(); // stopped in the middle of an epoch
  }

  private void close() {
    if (bar != null) {
      bar.close();
      // The library closes its consumer (the final newline) only once its redraw task has run at least
      // once; a bar closed sooner would leave the line open. Closing twice is harmless (OnceClosed).
      consumer.close();
      bar = null;
      consumer = null;
    }
  }

  /**
   * Drops redraws that reach the consumer after its closing newline: the library draws on its own thread, and
   * a redraw already under way when the bar closes must not reopen a finished line.
   */
  private static final class OnceClosed implements ProgressBarConsumer {
    private final ProgressBarConsumer delegate;
    private volatile boolean closed;

    OnceClosed(ProgressBarConsumer delegate) {
      this.delegate = delegate;
    }

    @Override
    public int getMaxRenderedLength() {
      return delegate.getMaxRenderedLength();
    }

    @Override
    public synchronized void accept(String rendered) {
      if (!closed) {
        delegate.accept(rendered);
      }
    }

    @Override
    public synchronized void close() {
      if (!closed) {
        closed = true;
        delegate.close();
      }
    }
  }
}
