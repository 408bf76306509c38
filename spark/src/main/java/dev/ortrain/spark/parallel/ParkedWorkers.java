package dev.ortrain.spark.parallel;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The parked workers of this JVM (an executor's, or the driver's in local mode), by run and worker index: where the
 * next round's task of a worker finds the worker its previous round's task left parked. Each worker takes itself out
 * when it ends.
 */
final class ParkedWorkers {
  /** A worker of one run: the run is the driver's own name for it, unique to one {@code train} call. */
  record Key(String run, int worker) {}

  private static final Map<Key, ParkedWorker> PARKED = new ConcurrentHashMap<>();

  private ParkedWorkers() {}

  /** The worker parked here under {@code key} in generation {@code generation}, if it is alive. */
  static Optional<ParkedWorker> live(Key key, int generation) {
    ParkedWorker worker = PARKED.get(key);
    return worker != null && worker.generation() == generation && !worker.hasEnded() ? Optional.of(worker)
        : Optional.empty();
  }

  /** Parks {@code worker} under {@code key}, in place of any older one (which closes by itself). */
  static void park(Key key, ParkedWorker worker) {
    PARKED.put(key, worker);
  }

  /** Takes {@code worker} out, unless a newer worker took its place. */
  static void remove(Key key, ParkedWorker worker) {
    PARKED.remove(key, worker);
  }
}
