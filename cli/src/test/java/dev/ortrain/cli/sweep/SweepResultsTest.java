package dev.ortrain.cli.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Results per configuration: last and best of the metric, mean ± sample standard deviation over the seeds. */
class SweepResultsTest {
  private static final SweepDefinition DEFINITION = new SweepDefinition("x.Tiny",
      List.of(GridAxis.parse("learningRate=0.1,0.2,0.3,0.4")), List.of(), 0, 0, List.of(1L, 2L), List.of(),
      "val_loss", PruneRule.NONE);

  private static List<Map<String, Double>> history(double... valLoss) {
    List<Map<String, Double>> history = new ArrayList<>();
    for (int e = 0; e < valLoss.length; e++) {
      history.add(Map.of("epoch", e + 1.0, "val_loss", valLoss[e]));
    }
    return history;
  }

  private static void put(Map<String, TrialResult> finished, int trial, TrialStatus status, double... valLoss) {
    Trial t = DEFINITION.trials().get(trial);
    finished.put(t.id(), new TrialResult(t, status, history(valLoss), ""));
  }

  private static SweepResults results() {
    Map<String, TrialResult> finished = new LinkedHashMap<>();
    put(finished, 0, TrialStatus.COMPLETED, 0.9, 0.5, 0.6); // config-001 seeds 1 and 2
    put(finished, 1, TrialStatus.COMPLETED, 0.8, 0.7, 0.4);
    put(finished, 2, TrialStatus.COMPLETED, 0.9, 0.3, 0.35); // config-002: better, but one seed pruned
    put(finished, 3, TrialStatus.PRUNED, 1.2);
    put(finished, 4, TrialStatus.COMPLETED, 0.7, 0.6, 0.55); // config-003: one seed still to run
    Trial failed = DEFINITION.trials().get(6); // config-004: failed
    finished.put(failed.id(), TrialResult.failed(failed, "accumulationSteps = 9 is more than the 4 batches"));
    return SweepResults.of(DEFINITION, finished);
  }

  @Test
  void eachConfigurationIsSummarizedOverItsSeeds() {
    List<ConfigurationResult> rows = results().rows();
    assertEquals(4, rows.size());
    ConfigurationResult first = rows.get(0);
    assertEquals(0.5, first.last().mean(), 1e-12);
    assertEquals(Math.sqrt(0.02), first.last().std(), 1e-12); // 0.6 and 0.4
    assertEquals(0.45, first.best().mean(), 1e-12); // 0.5 and 0.4
    assertEquals(ConfigurationStatus.COMPLETED, first.status());
    assertEquals(ConfigurationStatus.PRUNED, rows.get(1).status());
    assertEquals(ConfigurationStatus.UNFINISHED, rows.get(2).status());
    assertEquals(0.0, rows.get(2).last().std(), "one seed has no spread");
    assertEquals(ConfigurationStatus.FAILED, rows.get(3).status());
    assertTrue(Double.isNaN(rows.get(3).best().mean()));
  }

  @Test
  void theBestIsTheBestCompletedConfiguration() {
    assertEquals("config-001", results().best().orElseThrow().configuration().name(), "config-002 was pruned");
  }

  @Test
  void theTablesHaveOneRowPerConfiguration() {
    ResultsTables tables = new ResultsTables(results());
    List<String> csv = tables.csv().lines().toList();
    assertEquals("configuration,learningRate,seeds,last_val_loss_mean,last_val_loss_std,best_val_loss_mean,"
        + "best_val_loss_std,status", csv.get(0));
    String[] first = csv.get(1).split(",");
    assertEquals(List.of("config-001", "0.1", "2", "0.5"), List.of(first).subList(0, 4));
    assertEquals(Math.sqrt(0.02), Double.parseDouble(first[4]), 1e-15, "full precision");
    assertEquals(0.45, Double.parseDouble(first[5]), 1e-15);
    assertEquals(Math.sqrt(0.005), Double.parseDouble(first[6]), 1e-15);
    assertEquals("completed", first[7]);
    assertEquals("config-004,0.4,1,NaN,NaN,NaN,NaN,failed", csv.get(4));
    String md = tables.markdown();
    assertTrue(md.contains("| config-001 | 0.1 | 2/2 | 0.5000 ± 0.1414 | 0.4500 ± 0.0707 | completed |"), md);
    assertTrue(md.contains("| config-004 | 0.4 | 1/2 | NaN ± NaN | NaN ± NaN | failed (seed 1: accumulationSteps = 9"
        + " is more than the 4 batches) |"), md);
    assertTrue(md.contains("Best: config-001 (learningRate=0.1), best val_loss 0.4500 ± 0.0707 over 2 seed(s)."), md);
    assertTrue(tables.bestJson().contains("\"learningRate\": \"0.1\""), tables.bestJson());
  }
}
