package dev.ortrain.cli.sweep;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * What a sweep tries, independent of where its trials run. Its configurations are every grid point combined
 * with each of {@code draws} random draws ({@code |grid| x draws} configurations; {@code |grid|} without
 * random settings), the draws made in order from {@code sweepSeed}, so the same definition always expands to
 * the same configurations. Each configuration trains once per seed.
 *
 * @param experiment the experiment's fully qualified class name
 * @param draws the number of random draws ({@code --trials}); 0 when nothing is drawn at random
 * @param fixed {@code key=value} settings every trial trains with ({@code --set})
 * @param metric the metric the results compare and the pruning rule watches
 */
public record SweepDefinition(String experiment, List<GridAxis> grid, List<RandomAxis> random, int draws,
    long sweepSeed, List<Long> seeds, List<String> fixed, String metric, PruneRule prune) {
  /** Set by the sweep for each trial, so never swept or fixed by hand. */
  public static final String SEED = "seed";
  public static final String THREADS = "threads";

  public SweepDefinition {
    grid = List.copyOf(grid);
    random = List.copyOf(random);
    seeds = List.copyOf(seeds);
    fixed = List.copyOf(fixed);
    requireSomethingSwept(grid, random);
    requireDrawsMatchRandom(random, draws);
    requireEachKeyOnce(grid, random, fixed);
    if (seeds.isEmpty()) {
      throw new SweepInputException("a sweep needs at least one seed; give --seeds");
    }
  }

  private static void requireSomethingSwept(List<GridAxis> grid, List<RandomAxis> random) {
    if (grid.isEmpty() && random.isEmpty()) {
      throw new SweepInputException("a sweep needs a setting to vary: give --grid KEY=A,B,... or --random"
          + " KEY=DISTRIBUTION (with --trials N)");
    }
  }

  private static void requireDrawsMatchRandom(List<RandomAxis> random, int draws) {
    if (!random.isEmpty() && draws < 1) {
      throw new SweepInputException("--random draws --trials configurations; give --trials N with N at least 1");
    }
    if (random.isEmpty() && draws != 0) {
      throw new SweepInputException("--trials " + draws + " counts random draws, but no setting is drawn at random;"
          + " give --random KEY=DISTRIBUTION, or leave out --trials");
    }
  }

  private static void requireEachKeyOnce(List<GridAxis> grid, List<RandomAxis> random, List<String> fixed) {
    Set<String> swept = new HashSet<>();
    for (SweptSetting setting : concat(grid, random)) {
      if (setting.key().equals(SEED)) {
        throw new SweepInputException("seed is set per trial by --seeds; sweep seeds with --seeds A,B,... instead of "
            + "--grid or --random");
      }
      if (setting.key().equals(THREADS)) {
        throw new SweepInputException("threads is set per trial from --parallel; leave it out of --grid and"
            + " --random (fix it for every trial with --set threads=N)");
      }
      if (!swept.add(setting.key())) {
        throw new SweepInputException(setting.key() + " is swept twice; give it once, in --grid or in --random");
      }
    }
    for (String assignment : fixed) {
      String key = assignment.contains("=") ? assignment.substring(0, assignment.indexOf('=')).trim() : assignment;
      if (swept.contains(key)) {
        throw new SweepInputException(key + " is both swept and fixed by --set " + assignment + "; give it once");
      }
      if (key.equals(SEED)) {
        throw new SweepInputException("--seeds sets the seed of each trial; leave seed out of --set");
      }
    }
  }

  private static List<SweptSetting> concat(List<GridAxis> grid, List<RandomAxis> random) {
    List<SweptSetting> all = new ArrayList<>(grid);
    all.addAll(random);
    return all;
  }

  /** The swept settings: the grid's, then the random ones, in the order given. */
  public List<SweptSetting> sweptSettings() {
    return concat(grid, random);
  }

  /**
   * Checks every value the sweep gives a setting as {@code --set} would: the fixed settings, each grid value, the
   * bounds or choices of each distribution, and then each configuration in full (with the fixed settings).
   */
  public void checkSettings(SettingsCheck check) {
    check.check(fixed);
    for (SweptSetting setting : sweptSettings()) {
      for (String value : setting.representatives()) {
        check.check(List.of(setting.key() + "=" + value));
      }
    }
    trials().forEach(trial -> check.check(trial.settings()));
  }

  /** Every configuration, numbered from 1: for each random draw, each grid point. */
  public List<Configuration> configurations() {
    List<Map<String, String>> draws = randomDraws();
    List<Map<String, String>> points = gridPoints();
    List<Configuration> configurations = new ArrayList<>();
    for (Map<String, String> draw : draws) {
      for (Map<String, String> point : points) {
        Map<String, String> values = new LinkedHashMap<>(point);
        values.putAll(draw);
        configurations.add(new Configuration(configurations.size() + 1, values));
      }
    }
    return configurations;
  }

  /** Every configuration with each seed, configuration by configuration. */
  public List<Trial> trials() {
    List<Trial> all = new ArrayList<>();
    for (Configuration configuration : configurations()) {
      for (long seed : seeds) {
        List<String> settings = new ArrayList<>(fixed);
        configuration.values().forEach((key, value) -> settings.add(key + "=" + value));
        settings.add(SEED + "=" + seed);
        all.add(new Trial(configuration, seed, settings));
      }
    }
    return all;
  }

  private List<Map<String, String>> randomDraws() {
    if (random.isEmpty()) {
      return List.of(Map.of());
    }
    Random generator = new Random(sweepSeed); // java.util.Random's sequence is fixed by its specification
    List<Map<String, String>> drawn = new ArrayList<>();
    for (int i = 0; i < draws; i++) {
      Map<String, String> draw = new LinkedHashMap<>();
      random.forEach(axis -> draw.put(axis.key(), axis.distribution().draw(generator)));
      drawn.add(draw);
    }
    return drawn;
  }

  private List<Map<String, String>> gridPoints() {
    List<Map<String, String>> points = List.of(Map.of());
    for (GridAxis axis : grid) {
      List<Map<String, String>> extended = new ArrayList<>();
      for (Map<String, String> point : points) {
        for (String value : axis.values()) {
          Map<String, String> next = new LinkedHashMap<>(point);
          next.put(axis.key(), value);
          extended.add(next);
        }
      }
      points = extended;
    }
    return points;
  }
}
