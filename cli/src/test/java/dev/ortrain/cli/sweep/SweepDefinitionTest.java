package dev.ortrain.cli.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a definition expands: every grid point with each random draw, each with every seed, the same every time. */
class SweepDefinitionTest {
  private static SweepDefinition definition(long sweepSeed, List<Long> seeds) {
    return new SweepDefinition("x.Tiny", List.of(GridAxis.parse("batchSize=16,32"), GridAxis.parse("shuffle=true,false")),
        List.of(RandomAxis.parse("learningRate=loguniform:1e-4:1e-1"), RandomAxis.parse("accumulationSteps=int:1:4")),
        3, sweepSeed, seeds, List.of("epochs=2"), "val_loss", PruneRule.NONE);
  }

  @Test
  void eachRandomDrawIsCombinedWithEveryGridPointAndEachSeed() {
    SweepDefinition definition = definition(7, List.of(1L, 2L));
    List<Configuration> configurations = definition.configurations();
    assertEquals(2 * 2 * 3, configurations.size());
    assertEquals("config-001", configurations.get(0).name());
    assertEquals("config-012", configurations.get(11).name());
    // the grid varies fastest, its last setting first; a draw holds for the four grid points
    assertEquals(List.of("16 true", "16 false", "32 true", "32 false"), configurations.subList(0, 4).stream()
        .map(c -> c.values().get("batchSize") + " " + c.values().get("shuffle")).toList());
    assertEquals(1, configurations.subList(0, 4).stream().map(c -> c.values().get("learningRate")).distinct().count());
    assertEquals(3, configurations.stream().map(c -> c.values().get("learningRate")).distinct().count());
    assertEquals(List.of("batchSize", "shuffle", "learningRate", "accumulationSteps"),
        new ArrayList<>(configurations.get(0).values().keySet()));

    List<Trial> trials = definition.trials();
    assertEquals(24, trials.size());
    Trial second = trials.get(1);
    assertEquals("config-001/seed-2", second.id());
    Map<String, String> values = configurations.get(0).values();
    assertEquals(List.of("epochs=2", "batchSize=16", "shuffle=true", "learningRate=" + values.get("learningRate"),
        "accumulationSteps=" + values.get("accumulationSteps"), "seed=2"), second.settings());
  }

  @Test
  void theSweepSeedDecidesTheDrawsAndTheyStayInTheirRanges() {
    List<Configuration> first = definition(7, List.of(1L)).configurations();
    assertEquals(first, definition(7, List.of(1L)).configurations());
    assertNotEquals(first, definition(8, List.of(1L)).configurations());
    for (Configuration c : first) {
      double rate = Double.parseDouble(c.values().get("learningRate"));
      assertTrue(rate >= 1e-4 && rate <= 1e-1, c.toString());
      String digits = c.values().get("learningRate").replaceAll("[^0-9E]", "").replaceFirst("^0+", "");
      assertTrue(digits.split("E")[0].length() <= Distribution.DIGITS, "four significant digits: " + c);
      long steps = Long.parseLong(c.values().get("accumulationSteps"));
      assertTrue(steps >= 1 && steps <= 4, c.toString());
    }
  }

  @Test
  void aGridAloneIsOneConfigurationPerPoint() {
    SweepDefinition grid = new SweepDefinition("x.Tiny", List.of(GridAxis.parse("learningRate=1e-3,3e-3")), List.of(),
        0, 0, List.of(5L), List.of(), "val_loss", PruneRule.MEDIAN);
    assertEquals(List.of(Map.of("learningRate", "1e-3"), Map.of("learningRate", "3e-3")),
        grid.configurations().stream().map(Configuration::values).toList());
    assertEquals(List.of("learningRate=1e-3", "seed=5"), grid.trials().get(0).settings());
  }

  @Test
  void everyValueIsCheckedAsSetWouldCheckIt() {
    List<List<String>> checked = new ArrayList<>();
    SweepDefinition definition = new SweepDefinition("x.Tiny", List.of(GridAxis.parse("batchSize=16,32")),
        List.of(RandomAxis.parse("learningRate=uniform:0.001:0.01")), 1, 0, List.of(1L), List.of("epochs=2"),
        "val_loss", PruneRule.NONE);
    definition.checkSettings(checked::add);
    assertEquals(List.of("epochs=2"), checked.get(0));
    assertEquals(List.of("batchSize=16"), checked.get(1));
    assertEquals(List.of("batchSize=32"), checked.get(2));
    assertEquals(List.of("learningRate=0.001"), checked.get(3));
    assertEquals(List.of("learningRate=0.01"), checked.get(4));
    assertEquals(definition.trials().get(0).settings(), checked.get(5));
    assertEquals(7, checked.size());
  }

  @Test
  void seedsAreACountOrAList() {
    assertEquals(List.of(1L, 2L, 3L), SeedList.parse("3"));
    assertEquals(List.of(7L, 9L), SeedList.parse("7, 9"));
  }
}
