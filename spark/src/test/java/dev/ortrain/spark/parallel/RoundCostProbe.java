package dev.ortrain.spark.parallel;

import dev.ortrain.callbacks.BatchOutcome;
import dev.ortrain.callbacks.Callback;
import dev.ortrain.callbacks.ParameterSnapshot;
import dev.ortrain.callbacks.TrainingContext;
import dev.ortrain.loop.RegisteredExperiment;
import dev.ortrain.loop.RunOptions;
import dev.ortrain.loop.Trainer;
import dev.ortrain.recording.Recording;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * A round's work on one worker, timed inside one training of an experiment on this machine (no Spark): every
 * {@value #EVERY} steps, the snapshot of parameters and moments, their flattening and Base64 text as the barrier
 * sends it, the mean with a second copy, and the state put back (the session reopened on it). The step time is each
 * batch's own (data, forward, backward, optimizer). Medians, after {@value #WARM_UP} warm-up steps.
 */
public final class RoundCostProbe implements Callback {
  private static final int EVERY = 8;
  private static final int WARM_UP = 16;

  private final List<Double> steps = new ArrayList<>();
  private final List<Double> rounds = new ArrayList<>();
  private long floats;

  /** Median step and round in seconds, and the state's size in floats. */
  public record RoundCost(double stepSeconds, double roundSeconds, long stateFloats) {}

  /** The round cost over {@code trainSteps} steps of batch 64 on one thread. */
  public static RoundCost measure(String experiment, int trainSteps, Path runDirectory) {
    RegisteredExperiment registered = ServiceLoader.load(RegisteredExperiment.class).stream()
        .map(ServiceLoader.Provider::get).filter(e -> e.name().equals(experiment)).findFirst().orElseThrow();
    RoundCostProbe probe = new RoundCostProbe();
    RunOptions options = RunOptions.defaults().withConfigOverride(b -> b.epochs(1).threads(1).batchSize(64))
        .withTrainDataView(data -> data.slice(0, trainSteps * 64)).withRecording(Recording.nothing())
        .withRunDirectory(runDirectory).withCallbacks(List.of(probe));
    try (Trainer trainer = registered.create(options)) {
      trainer.fit();
    }
    return new RoundCost(median(probe.steps), median(probe.rounds), probe.floats);
  }

  @Override
  public void onBatchEnd(TrainingContext ctx, BatchOutcome outcome) {
    if (ctx.globalStep() <= WARM_UP) {
      return;
    }
    steps.add(outcome.seconds());
    if (ctx.globalStep() % EVERY == 0) {
      long start = System.nanoTime();
      ParameterSnapshot mine = ctx.snapshotParameters();
      float[] flat = TrainingState.flatten(mine);
      String sent = BarrierExchange.encode(flat);
      float[] mean = Averaging.mean(List.of(BarrierExchange.decode(sent), BarrierExchange.decode(sent)));
      ctx.restoreTrainingState(TrainingState.withValues(mine, mean));
      rounds.add((System.nanoTime() - start) / 1e9);
      floats = flat.length;
    }
  }

  @Override
  public int order() {
    return LOGGING - 100;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }
}
