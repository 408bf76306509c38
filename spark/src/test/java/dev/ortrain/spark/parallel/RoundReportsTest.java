package dev.ortrain.spark.parallel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.loop.FitResult;
import dev.ortrain.spark.parallel.RoundReport.Finished;
import dev.ortrain.spark.parallel.RoundReport.Lost;
import dev.ortrain.spark.parallel.RoundReport.Reached;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The tree's aggregate of one round: its mean and outcome do not depend on the order Spark combines the reports. */
class RoundReportsTest {
  /**
   * 2^60 + 1 rounds to 2^60 in double: summed in worker order the first values' 1 is lost, summed in the order 2, 0,
   * 1 it is kept.
   */
  private static final float[][] STATES = {{0x1p60f, 1f}, {1f, 2f}, {-0x1p60f, 3f}};

  private static Reached reached(int worker) {
    return new Reached(worker, STATES[worker], "executor_host_" + worker);
  }

  @Test
  void theMeanIsSummedInWorkerOrderWhateverOrderThePartialAggregatesArriveIn() {
    float[] inWorkerOrder = Averaging.mean(List.of(STATES));
    RoundReports lastFirst = new RoundReports().add(reached(2)).merge(new RoundReports().add(reached(0)))
        .merge(new RoundReports().add(reached(1)));
    assertArrayEquals(inWorkerOrder, lastFirst.mean());
    assertEquals(0f, inWorkerOrder[0]);
    assertEquals(1f / 3f, Averaging.mean(List.of(STATES[2], STATES[0], STATES[1]))[0], "the arrival order's sum");
    assertEquals(Optional.empty(), lastFirst.end(3));
    assertEquals(List.of(), lastFirst.lost());
    assertEquals(Map.of(0, "executor_host_0", 1, "executor_host_1", 2, "executor_host_2"), lastFirst.locations());
  }

  @Test
  void theRunEndsWithWorker0sResultOnceEveryWorkerHasFinished() {
    FitResult first = new FitResult(2, 8, "completed", Map.of(), List.of(), 0);
    FitResult second = new FitResult(2, 8, "completed", Map.of("val_loss", 1.0), List.of(), 0);
    RoundReports reports = new RoundReports().add(new Finished(1, second)).add(new Finished(0, first));
    assertEquals(Optional.of(first), reports.end(2));
  }

  @Test
  void lostWorkersAreNamedAndInconsistentRoundsRefused() {
    RoundReports someLost = new RoundReports().add(reached(0)).add(new Lost(2)).add(new Lost(1));
    assertEquals(List.of(1, 2), someLost.lost());

    RoundReports mixed = new RoundReports().add(reached(0))
        .add(new Finished(1, new FitResult(1, 4, "completed", Map.of(), List.of(), 0)));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> mixed.end(2));
    assertTrue(e.getMessage().contains("Of 2 workers, 1 ended their training while the others reached an averaging"
        + " point"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> new RoundReports().add(reached(0)).end(2));
    assertThrows(IllegalStateException.class, () -> new RoundReports().add(reached(0)).add(reached(0)));
  }
}
