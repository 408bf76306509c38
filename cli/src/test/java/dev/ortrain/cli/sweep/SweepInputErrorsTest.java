package dev.ortrain.cli.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Each mistake in a sweep's definition is named with how to fix it. */
class SweepInputErrorsTest {
  private static String error(Executable parse) {
    return assertThrows(SweepInputException.class, parse).getMessage();
  }

  private static SweepDefinition define(List<String> grid, List<String> random, int trials, List<String> fixed) {
    return new SweepDefinition("x.Tiny", grid.stream().map(GridAxis::parse).toList(),
        random.stream().map(RandomAxis::parse).toList(), trials, 0, List.of(1L), fixed, "val_loss", PruneRule.NONE);
  }

  @Test
  void distributions() {
    assertEquals("--random weightDecay=logunifrom:1e-5:1e-2 is not a distribution (did you mean 'loguniform'?);"
        + " give one of uniform:LOW:HIGH, loguniform:LOW:HIGH, int:LOW:HIGH, choice:A,B,...",
        error(() -> RandomAxis.parse("weightDecay=logunifrom:1e-5:1e-2")));
    assertEquals("--random learningRate=loguniform:0:0.1: a log-uniform range must start above 0 (its logarithm is"
        + " drawn); give LOW > 0, or use uniform:LOW:HIGH", error(() -> RandomAxis.parse("learningRate=loguniform:0:0.1")));
    assertEquals("--random learningRate=uniform:0.1:0.01: LOW must be below HIGH (uniform:LOW:HIGH); for a single"
        + " value use --set learningRate=VALUE", error(() -> RandomAxis.parse("learningRate=uniform:0.1:0.01")));
    assertEquals("--random learningRate=uniform:0.1 needs two bounds: uniform:LOW:HIGH",
        error(() -> RandomAxis.parse("learningRate=uniform:0.1")));
    assertEquals("--random batchSize=int:8:x: 'x' is not a whole number", error(() -> RandomAxis.parse("batchSize=int:8:x")));
    assertEquals("--random KEY=DISTRIBUTION, e.g. weightDecay=loguniform:1e-5:1e-2".replace("--random ", "--random"
        + " expects ") + ", got 'loguniform:1:2'", error(() -> RandomAxis.parse("loguniform:1:2")));
    assertEquals("--random batchSize=choice:8,,16 has an empty value; give values separated by commas, e.g."
        + " --random batchSize=choice:A,B", error(() -> RandomAxis.parse("batchSize=choice:8,,16")));
  }

  @Test
  void grids() {
    assertEquals("--grid expects KEY=VALUE,VALUE,..., e.g. learningRate=1e-3,3e-3, got '1e-3,3e-3'",
        error(() -> GridAxis.parse("1e-3,3e-3")));
    assertEquals("--grid batchSize=8,16,8 gives 8 twice; give each value once", error(() -> GridAxis.parse("batchSize=8,16,8")));
  }

  @Test
  void definitions() {
    assertEquals("a sweep needs a setting to vary: give --grid KEY=A,B,... or --random KEY=DISTRIBUTION (with"
        + " --trials N)", error(() -> define(List.of(), List.of(), 0, List.of())));
    assertEquals("--random draws --trials configurations; give --trials N with N at least 1",
        error(() -> define(List.of(), List.of("learningRate=uniform:0.1:0.2"), 0, List.of())));
    assertEquals("--trials 4 counts random draws, but no setting is drawn at random; give --random"
        + " KEY=DISTRIBUTION, or leave out --trials", error(() -> define(List.of("batchSize=8,16"), List.of(), 4, List.of())));
    assertEquals("learningRate is swept twice; give it once, in --grid or in --random",
        error(() -> define(List.of("learningRate=0.1,0.2"), List.of("learningRate=uniform:0.1:0.2"), 2, List.of())));
    assertEquals("learningRate is both swept and fixed by --set learningRate=0.1; give it once",
        error(() -> define(List.of("learningRate=0.1,0.2"), List.of(), 0, List.of("learningRate=0.1"))));
    assertEquals("seed is set per trial by --seeds; sweep seeds with --seeds A,B,... instead of --grid or --random",
        error(() -> define(List.of("seed=1,2"), List.of(), 0, List.of())));
    assertEquals("--seeds sets the seed of each trial; leave seed out of --set",
        error(() -> define(List.of("batchSize=8,16"), List.of(), 0, List.of("seed=3"))));
  }

  @Test
  void seeds() {
    assertEquals("--seeds 0: a count of seeds must be at least 1; for one given seed use --set seed=0",
        error(() -> SeedList.parse("0")));
    assertEquals("--seeds 1,x: 'x' is not a whole number; give a count (--seeds 3 runs seeds 1, 2, 3) or the seeds"
        + " (--seeds 7,8,9)", error(() -> SeedList.parse("1,x")));
    assertEquals("--seeds 4,4 names a seed twice; give each seed once", error(() -> SeedList.parse("4,4")));
  }
}
