package dev.ortrain.spark.parallel;

import dev.ortrain.spark.parallel.ParkedWorker.Ended;
import dev.ortrain.spark.parallel.ParkedWorker.Outcome;
import dev.ortrain.spark.parallel.ParkedWorker.StateOut;
import dev.ortrain.spark.parallel.RoundReport.Finished;
import dev.ortrain.spark.parallel.RoundReport.Lost;
import dev.ortrain.spark.parallel.RoundReport.Reached;
import java.util.Optional;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.storage.BlockManagerId;

/**
 * One worker's task of a tree-aggregated round: in round 0 it starts the worker (parked in this JVM for the next
 * rounds), in a later round it hands the previous round's mean to the worker parked here; then it waits for the
 * worker's next averaging point, or its end, and reports it.
 */
final class RoundTask implements Function<Integer, RoundReport> {
  private static final long serialVersionUID = 1L;

  private final TreeRound round;

  RoundTask(TreeRound round) {
    this.round = round;
  }

  @Override
  public RoundReport call(Integer worker) {
    ParkedWorkers.Key key = new ParkedWorkers.Key(round.run(), worker);
    Optional<ParkedWorker> live = ParkedWorkers.live(key, round.generation());
    ParkedWorker parked;
    if (round.round() == 0) {
      // a retried attempt of round 0 goes on with the worker its first attempt started, if it lives
      parked = live.orElseGet(() -> started(key, worker));
    } else if (live.isPresent()) {
      parked = live.get();
      parked.handIn(round.round() - 1, round.previousMean().value());
    } else {
      return new Lost(worker);
    }
    Outcome outcome = parked.await(round.round(), TaskContext.get()::killTaskIfInterrupted);
    if (outcome instanceof StateOut out) {
      return new Reached(worker, out.state(), executorLocation());
    }
    return new Finished(worker, ((Ended) outcome).result());
  }

  private ParkedWorker started(ParkedWorkers.Key key, int worker) {
    ParkedWorker parked = new ParkedWorker(round.generation(), round.supersededMarker());
    ParkedWorkers.park(key, parked);
    WorkerTask task = new WorkerTask(round.recipe(), round.parallelism(), worker, WorkerTask.LOCK_WAIT);
    // a retried task's lost attempt may have started a worker that still holds the folder
    boolean mayFindFolderHeld = round.mayFindFolderHeld() || TaskContext.get().attemptNumber() > 0;
    parked.start(task, round.from(), mayFindFolderHeld, () -> ParkedWorkers.remove(key, parked));
    return parked;
  }

  /** This executor as a task location, so that the driver sends this worker's next task here. */
  private static String executorLocation() {
    BlockManagerId executor = SparkEnv.get().blockManager().blockManagerId();
    return "executor_" + executor.host() + "_" + executor.executorId();
  }
}
