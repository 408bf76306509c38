package dev.ortrain.benchmarks.worker;

import dev.ortrain.callbacks.BatchOutcome;
import dev.ortrain.callbacks.Callback;
import dev.ortrain.callbacks.TrainingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

/**
 * Lets the benchmark measure a running {@code fit()} in windows: the fit thread pauses inside this callback
 * (at the start of training, after a measured window) until the worker's main thread hands it the next window.
 * A training window is timed from its release to the end of the batch that crosses its duration, so it holds
 * everything the loop does per step: loading, feeding, the session's steps, callbacks.
 */
final class Pacer implements Callback {
  private sealed interface Window permits Train, Epoch, Stop {}

  private static final class Train implements Window {
    final long budget;
    long start;
    int steps;
    float loss;
    int batchSize;

    Train(double seconds) {
      budget = (long) (seconds * 1e9);
    }
  }

  private static final class Epoch implements Window {
    boolean started;
    long start;
    int steps;
    long samples;
    double stepSeconds;
  }

  private record Stop() implements Window {}

  private final SynchronousQueue<Window> windows = new SynchronousQueue<>();
  private final SynchronousQueue<Map<String, Object>> results = new SynchronousQueue<>();
  private Window current;

  // ---- called by the worker's main thread ----

  Map<String, Object> train(double seconds, Thread fit) throws InterruptedException {
    return run(new Train(seconds), fit);
  }

  Map<String, Object> nextFullEpoch(Thread fit) throws InterruptedException {
    return run(new Epoch(), fit);
  }

  /** Ends the fit at the pause point, and waits for it to return. */
  void stop(Thread fit) throws InterruptedException {
    while (fit.isAlive() && !windows.offer(new Stop(), 100, TimeUnit.MILLISECONDS)) {
      // the fit thread is between pause points
    }
    fit.join();
  }

  /** Waits for the fit thread's first pause (training has begun). */
  Map<String, Object> awaitStart(Thread fit) throws InterruptedException {
    return await(fit);
  }

  private Map<String, Object> run(Window w, Thread fit) throws InterruptedException {
    while (!windows.offer(w, 100, TimeUnit.MILLISECONDS)) {
      if (!fit.isAlive()) {
        throw new IllegalStateException("The fit has ended; no more training can be measured");
      }
    }
    return await(fit);
  }

  private Map<String, Object> await(Thread fit) throws InterruptedException {
    while (true) {
      Map<String, Object> r = results.poll(100, TimeUnit.MILLISECONDS);
      if (r != null) {
        return r;
      }
      if (!fit.isAlive()) {
        throw new IllegalStateException("The fit ended before the window closed (see stderr)");
      }
    }
  }

  // ---- called by the fit thread ----

  @Override
  public void onTrainBegin(TrainingContext ctx) {
    pause(ctx, Map.of("paused", "train-begin"));
  }

  @Override
  public void onEpochBegin(TrainingContext ctx) {
    if (current instanceof Epoch e) {
      e.started = true;
      e.start = System.nanoTime();
    }
  }

  @Override
  public void onBatchEnd(TrainingContext ctx, BatchOutcome outcome) {
    if (current instanceof Train t) {
      t.steps++;
      t.loss = outcome.loss();
      t.batchSize = outcome.size();
      long elapsed = System.nanoTime() - t.start;
      if (elapsed >= t.budget) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("steps", t.steps);
        r.put("seconds", elapsed / 1e9);
        r.put("samples", (long) t.steps * t.batchSize);
        r.put("loss", t.loss);
        pause(ctx, r);
      }
    } else if (current instanceof Epoch e && e.started) {
      e.steps++;
      e.samples += outcome.size();
      e.stepSeconds += outcome.seconds();
    }
  }

  @Override
  public void onEpochEnd(TrainingContext ctx) {
    if (current instanceof Epoch e && e.started) {
      // The running fit's epochs cover the whole training set, whatever the request asked for.
      pause(ctx, Map.of("seconds", (System.nanoTime() - e.start) / 1e9, "steps", e.steps,
          "step_seconds", e.stepSeconds, "samples", e.samples));
    }
  }

  /** Publishes a result, then blocks until the next window, which starts its clock on release. */
  private void pause(TrainingContext ctx, Map<String, Object> result) {
    current = null;
    try {
      results.put(result);
      Window next = windows.take();
      if (next instanceof Stop) {
        ctx.stop("benchmark finished");
        return;
      }
      if (next instanceof Train t) {
        t.start = System.nanoTime();
      }
      current = next;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ctx.stop("benchmark interrupted");
    }
  }
}
