package dev.ortrain.cli.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** Runs trials on a pool of {@code parallel} threads of this process. */
public final class LocalTrialEngine implements TrialEngine {
  private final int parallel;

  public LocalTrialEngine(int parallel) {
    if (parallel < 1) {
      throw new IllegalArgumentException("parallel must be at least 1, got " + parallel);
    }
    this.parallel = parallel;
  }

  @Override
  public void run(List<Trial> trials, TrialRunner runner, TrialMonitor monitor, Consumer<TrialResult> finished) {
    ExecutorService pool = Executors.newFixedThreadPool(parallel, threadsNamed("sweep-trial-"));
    try {
      ExecutorCompletionService<TrialResult> completion = new ExecutorCompletionService<>(pool);
      List<Future<TrialResult>> futures = new ArrayList<>();
      for (Trial trial : trials) {
        futures.add(completion.submit(() -> runner.run(trial, monitor)));
      }
      Throwable first = null;
      for (int i = 0; i < futures.size(); i++) {
        Future<TrialResult> done = completion.take();
        try {
          finished.accept(done.get());
        } catch (CancellationException e) {
          // left for the next run of the sweep
        } catch (ExecutionException e) {
          if (first == null) {
            first = e.getCause();
            futures.forEach(f -> f.cancel(false)); // those running go on to their end and are recorded
          }
        }
      }
      rethrow(first);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("The sweep was interrupted; run it again to resume it", e);
    } finally {
      pool.shutdownNow();
    }
  }

  private static void rethrow(Throwable failure) {
    if (failure instanceof RuntimeException e) {
      throw e;
    }
    if (failure instanceof Error e) {
      throw e;
    }
    if (failure != null) {
      throw new IllegalStateException(failure);
    }
  }

  private static java.util.concurrent.ThreadFactory threadsNamed(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + count.incrementAndGet());
      thread.setDaemon(true); // a sweep stopped by an error does not keep the process alive
      return thread;
    };
  }
}
