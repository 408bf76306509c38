package dev.ortrain.loop;

import dev.ortrain.data.Batch;
import dev.ortrain.data.BatchField;
import dev.ortrain.graph.DataType;
import dev.ortrain.loss.Loss;
import dev.ortrain.session.StepResult;

/** Turns a data batch and a step's result into what metrics consume. */
final class Targets {
  private Targets() {}

  static dev.ortrain.metrics.Batch metricsBatch(Batch batch, StepResult r) {
    if (r.prediction() == null || !batch.fieldNames().contains(Loss.TARGET)) {
      return dev.ortrain.metrics.Batch.lossOnly(batch.size(), r.loss());
    }
    BatchField target = batch.field(Loss.TARGET);
    if (target.dataType() == DataType.INT64) {
      long[] classes = new long[target.longs().remaining()];
      target.longs().duplicate().get(classes);
      return dev.ortrain.metrics.Batch.classification(r.prediction(), r.predictionShape(), classes, r.loss());
    }
    float[] values = new float[target.floats().remaining()];
    target.floats().duplicate().get(values);
    return dev.ortrain.metrics.Batch.regression(r.prediction(), r.predictionShape(), values, r.loss());
  }
}
