package dev.ortrain.cli.sweep;

import java.io.Serializable;
import java.util.List;

/**
 * One training of a sweep: a configuration with one seed. It carries every setting it trains with, so that an
 * engine can run it anywhere (it is serializable, so that a cluster's engine can send it to a worker).
 *
 * @param settings the sweep's fixed settings, then the configuration's, then the seed, as {@code key=value}
 */
public record Trial(Configuration configuration, long seed, List<String> settings) implements Serializable {
  private static final long serialVersionUID = 1L;

  public Trial {
    settings = List.copyOf(settings);
  }

  /** Unique within a sweep, and its run folder's path below the sweep's {@code trials/}: {@code config-003/seed-1}. */
  public String id() {
    return configuration.name() + "/seed-" + seed;
  }
}
