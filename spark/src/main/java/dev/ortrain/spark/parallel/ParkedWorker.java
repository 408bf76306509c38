package dev.ortrain.spark.parallel;

import dev.ortrain.loop.FitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A worker of a tree-aggregated run ({@code --exchange tree}) that outlives the Spark task which started it: its own
 * thread trains with its ONNX Runtime session open, and at each averaging point hands its state out to the round's
 * task and parks until the next round's task hands the mean in. It closes when training ends, when it fails, or when
 * the driver marks its generation superseded (a worker was lost and every worker restarts from a common checkpoint):
 * then its trainer lets go of the run folder, which the next generation's worker of the same index waits for.
 */
final class ParkedWorker implements Exchange {
  /** How often a waiting thread checks that its task was not killed, or its generation not superseded. */
  static final Duration POLL = Duration.ofMillis(50);

  /** What a round's task gets from its worker: the state at the round's averaging point, or the run's end. */
  sealed interface Outcome {}

  record StateOut(float[] state) implements Outcome {}

  record Ended(FitResult result) implements Outcome {}

  /** The worker's thread stopped because the driver started a new generation, or gave up on the run. */
  static final class Superseded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Superseded(Path marker) {
      super("This worker's generation was superseded (" + marker + "): a newer one trains in its place");
    }
  }

  private final int generation;
  private final Path supersededMarker;
  private int statesOut;
  private float[] state;
  private int meansIn;
  private float[] mean;
  private boolean ended;
  private FitResult result;
  private Throwable failure;

  /** A worker of generation {@code generation}, which stops at its next averaging point once the marker exists. */
  ParkedWorker(int generation, Path supersededMarker) {
    this.generation = generation;
    this.supersededMarker = supersededMarker;
  }

  /**
   * Starts the worker's thread, training from {@code from} (or from the beginning); {@code onEnd} runs on that thread
   * once it has ended. The thread inherits the calling task's class loader, which holds the experiments.
   */
  void start(WorkerTask task, Optional<String> from, boolean retried, Runnable onEnd) {
    Thread thread = new Thread(() -> train(task, from, retried, onEnd), "ortrain-parked-worker");
    thread.setDaemon(true);
    thread.start();
  }

  int generation() {
    return generation;
  }

  synchronized boolean hasEnded() {
    return ended;
  }

  private void train(WorkerTask task, Optional<String> from, boolean retried, Runnable onEnd) {
    FitResult fitted = null;
    Throwable thrown = null;
    try {
      fitted = task.train(this, from, retried);
    } catch (Throwable t) { // whatever ends the worker, an Error included, is the waiting task's to report
      thrown = t;
    }
    synchronized (this) {
      result = fitted;
      failure = thrown;
      ended = true;
      notifyAll();
    }
    onEnd.run();
  }

  /** On the worker's thread, at an averaging point: hands the state out and parks until the mean comes in. */
  @Override
  public synchronized float[] mean(float[] mine) {
    state = mine;
    statesOut++;
    notifyAll();
    while (meansIn < statesOut) {
      if (Files.exists(supersededMarker)) {
        throw new Superseded(supersededMarker);
      }
      waitAPoll();
    }
    return mean;
  }

  /**
   * On a round's task: the mean that answers the worker's state of round {@code round} (counted from 0 in this
   * generation). A retried attempt of the same round, whose first attempt handed it in already, changes nothing.
   */
  synchronized void handIn(int round, float[] average) {
    if (meansIn > round) {
      return;
    }
    if (statesOut != round + 1 || meansIn != round) {
      throw new IllegalStateException("The mean of round " + round + " came to a worker that has handed out "
          + statesOut + " state(s) and received " + meansIn + " mean(s): the driver's rounds and the worker's differ");
    }
    mean = average;
    meansIn++;
    notifyAll();
  }

  /**
   * On a round's task: waits until the worker reaches the averaging point of round {@code round} or the end of
   * training.
   *
   * @param stopIfKilled throws when Spark has killed the waiting task
   * @throws WorkerFailedException when training failed (Spark then retries the task, which finds no live worker)
   */
  synchronized Outcome await(int round, Runnable stopIfKilled) {
    while (statesOut <= round && !ended) {
      stopIfKilled.run();
      waitAPoll();
    }
    if (statesOut > round) {
      return new StateOut(state);
    }
    if (failure != null) {
      throw new WorkerFailedException(failure);
    }
    return new Ended(result);
  }

  private void waitAPoll() {
    try {
      wait(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the other side of a parked worker", e);
    }
  }

  /** A parked worker's training failed; the failure is the cause. */
  static final class WorkerFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WorkerFailedException(Throwable cause) {
      super("The worker's training failed: " + cause, cause);
    }
  }
}
