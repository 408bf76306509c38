package dev.ortrain.loop;

import dev.ortrain.data.Batch;
import dev.ortrain.data.DataLoader;
import dev.ortrain.data.LoaderState;
import dev.ortrain.metrics.Metric;
import dev.ortrain.metrics.MetricCollection;
import dev.ortrain.metrics.Stage;
import dev.ortrain.session.StepResult;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Runs data through the eval model (no gradients, dropout off, batch-norm running statistics) and
 * aggregates metrics over all batches, weighting each by its size.
 */
final class Evaluation {
  private final RunState run;
  private final List<Metric> metrics;

  Evaluation(RunState run, List<Metric> metrics) {
    this.run = run;
    this.metrics = Trainer.withLoss(metrics);
  }

  /** Evaluates the first {@code maxBatches} batches (0 = all) of {@code loader} from its start. */
  Map<String, Double> run(DataLoader loader, Stage stage, int maxBatches) {
    MetricCollection collection = MetricCollection.of(stage, metrics);
    LoaderState start = loader.state();
    loader.restore(new LoaderState(start.seed(), 0, 0));
    int done = 0;
    boolean predictionNeeded = collection.needsPrediction();
    // Counted before the next batch is taken, so a limited evaluation reads no batch beyond its limit.
    Iterator<Batch> batches = loader.restOfEpoch().iterator();
    while ((maxBatches == 0 || done < maxBatches) && batches.hasNext()) {
      Batch batch = batches.next();
      StepResult r = run.session.evalStep(run.evalFeeds(batch), predictionNeeded);
      collection.update(Targets.metricsBatch(batch, r));
      done++;
    }
    return collection.results();
  }
}
