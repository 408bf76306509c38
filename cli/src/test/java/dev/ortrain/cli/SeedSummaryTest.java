package dev.ortrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.loop.FitResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The summary over seeds: final and best of each metric, mean, sample standard deviation, minimum, maximum. */
class SeedSummaryTest {
  private static SeedRun run(long seed, double... valLossByEpoch) {
    List<Map<String, Double>> history = new java.util.ArrayList<>();
    for (int e = 0; e < valLossByEpoch.length; e++) {
      history.add(Map.of("epoch", (double) (e + 1), "val_loss", valLossByEpoch[e], "lr", 0.001));
    }
    Map<String, Double> last = history.get(history.size() - 1);
    return new SeedRun(seed, new FitResult(history.size(), 10, FitResult.COMPLETED, last, history, 0));
  }

  @Test
  void finalAndBestValuesAreSummarizedOverTheSeeds() {
    SeedSummary s = SeedSummary.of(List.of(run(1, 0.9, 0.5, 0.6), run(2, 0.8, 0.7, 0.4), run(3, 0.7, 0.6, 0.8)));
    assertEquals(2, s.rows().size(), "lr and epoch are not metrics: " + s.rows());
    SeedSummary.Row last = s.rows().get(0);
    assertEquals("final", last.which());
    assertEquals(0.6, last.mean(), 1e-12);
    assertEquals(0.2, last.std(), 1e-12); // sample standard deviation of 0.6, 0.4, 0.8
    assertEquals(0.4, last.min(), 1e-12);
    assertEquals(0.8, last.max(), 1e-12);
    SeedSummary.Row best = s.rows().get(1);
    assertEquals("best", best.which());
    assertEquals((0.5 + 0.4 + 0.6) / 3, best.mean(), 1e-12); // the lowest loss of each seed
    assertTrue(s.csv().startsWith("metric,value,mean,std,min,max,seeds\nval_loss,final,"), s.csv());
    assertTrue(s.markdown().contains("| val_loss | final | 0.6000 ± 0.2000 | 0.4000 | 0.8000 |"), s.markdown());
  }
}
