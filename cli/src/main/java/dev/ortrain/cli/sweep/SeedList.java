package dev.ortrain.cli.sweep;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.LongStream;

/** {@code --seeds K} (the K seeds 1 to K) or {@code --seeds A,B,...} (those seeds). */
public final class SeedList {
  private SeedList() {}

  public static List<Long> parse(String text) {
    List<Long> seeds = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      try {
        seeds.add(Long.parseLong(part.trim()));
      } catch (NumberFormatException e) {
        throw new SweepInputException("--seeds " + text + ": '" + part.trim() + "' is not a whole number; give a"
            + " count (--seeds 3 runs seeds 1, 2, 3) or the seeds (--seeds 7,8,9)");
      }
    }
    if (seeds.size() > 1) {
      if (new LinkedHashSet<>(seeds).size() != seeds.size()) {
        throw new SweepInputException("--seeds " + text + " names a seed twice; give each seed once");
      }
      return List.copyOf(seeds);
    }
    long count = seeds.get(0);
    if (count < 1) {
      throw new SweepInputException("--seeds " + text + ": a count of seeds must be at least 1; for one given seed"
          + " use --set seed=" + text);
    }
    return LongStream.rangeClosed(1, count).boxed().toList();
  }
}
