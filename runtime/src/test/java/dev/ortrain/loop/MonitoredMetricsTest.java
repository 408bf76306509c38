package dev.ortrain.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ortrain.callbacks.Callback;
import dev.ortrain.callbacks.EarlyStopping;
import dev.ortrain.callbacks.ModelCheckpoint;
import dev.ortrain.callbacks.Monitor;
import dev.ortrain.metrics.Accuracy;
import dev.ortrain.metrics.Metric;
import dev.ortrain.schedule.Interval;
import dev.ortrain.schedule.ReduceOnPlateau;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A watched metric validation will not report fails when the trainer is set up, with the closest name. */
class MonitoredMetricsTest {
  private static final List<Metric> ACCURACY = List.of(new Accuracy());

  private static String error(List<Callback> callbacks, ReduceOnPlateau plateau, boolean validates) {
    return assertThrows(IllegalArgumentException.class,
        () -> MonitoredMetrics.require(callbacks, plateau, validates, ACCURACY)).getMessage();
  }

  @Test
  void reportedMetricsPass() {
    MonitoredMetrics.require(List.of(new EarlyStopping(Monitor.of("val_accuracy"), 2, false),
        new ModelCheckpoint(1, Interval.EPOCH, 1, Monitor.of("val_loss"))),
        ReduceOnPlateau.monitoring("val_loss", ReduceOnPlateau.Mode.MIN), true, ACCURACY);
    MonitoredMetrics.require(List.of(ModelCheckpoint.everyEpoch()), null, false, ACCURACY); // watches nothing
  }

  @Test
  void eachWatcherNamesTheMetricAndTheClosestReportedOne() {
    assertEquals("early stopping watches val_acc, which validation does not report; did you mean val_accuracy?"
        + " Validation reports val_loss, val_accuracy",
        error(List.of(new EarlyStopping(Monitor.of("val_acc"), 2, false)), null, true));
    assertEquals("the best checkpoint watches val_los, which validation does not report; did you mean val_loss?"
        + " Validation reports val_loss, val_accuracy",
        error(List.of(new ModelCheckpoint(1, Interval.EPOCH, 1, Monitor.of("val_los"))), null, true));
    assertEquals("the plateau schedule watches zzz, which validation does not report. Validation reports val_loss,"
        + " val_accuracy", error(List.of(), ReduceOnPlateau.monitoring("zzz", ReduceOnPlateau.Mode.MIN), true));
  }

  @Test
  void watchingWithoutValidationDataIsRefused() {
    assertEquals("early stopping watches val_loss, but the run has no validation data; provide validation data or"
        + " leave the monitor unset", error(List.of(new EarlyStopping(Monitor.of("val_loss"), 2, false)), null,
        false));
  }
}
