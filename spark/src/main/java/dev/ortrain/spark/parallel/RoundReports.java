package dev.ortrain.spark.parallel;

import dev.ortrain.loop.FitResult;
import dev.ortrain.spark.parallel.RoundReport.Finished;
import dev.ortrain.spark.parallel.RoundReport.Lost;
import dev.ortrain.spark.parallel.RoundReport.Reached;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The reports of one round's tasks by worker index, as the round's tree aggregation gathers them. Kept whole and
 * ordered by worker rather than summed on the way, so that the driver sums the states in worker order, as the other
 * exchanges do: Spark combines partial aggregates in the order its tasks end, and a sum in double depends on it.
 */
final class RoundReports implements Serializable {
  private static final long serialVersionUID = 1L;

  private final TreeMap<Integer, RoundReport> byWorker = new TreeMap<>();

  RoundReports add(RoundReport report) {
    if (byWorker.putIfAbsent(report.worker(), report) != null) {
      throw new IllegalStateException("Worker " + report.worker() + " reported twice in one round");
    }
    return this;
  }

  RoundReports merge(RoundReports other) {
    other.byWorker.values().forEach(this::add);
    return this;
  }

  /** The workers whose tasks found them gone; empty when every worker reported. */
  List<Integer> lost() {
    return byWorker.values().stream().filter(Lost.class::isInstance).map(RoundReport::worker).toList();
  }

  /** Worker 0's result once every worker has trained to the end; empty while they all reached an averaging point. */
  Optional<FitResult> end(int workers) {
    requireAll(workers);
    long finished = byWorker.values().stream().filter(Finished.class::isInstance).count();
    if (finished == 0) {
      return Optional.empty();
    }
    if (finished < workers) {
      throw new IllegalStateException("Of " + workers + " workers, " + finished + " ended their training while the"
          + " others reached an averaging point: the workers train different numbers of steps");
    }
    return Optional.of(((Finished) byWorker.get(0)).result());
  }

  /** The mean of the reached states, summed in worker order. */
  float[] mean() {
    return Averaging.mean(byWorker.values().stream().map(report -> ((Reached) report).state()).toList());
  }

  /** Where each worker is parked. */
  Map<Integer, String> locations() {
    return byWorker.values().stream().map(Reached.class::cast)
        .collect(Collectors.toMap(Reached::worker, Reached::location));
  }

  private void requireAll(int workers) {
    if (byWorker.size() != workers) {
      throw new IllegalStateException("A round gathered " + byWorker.size() + " reports for " + workers + " workers");
    }
  }
}
