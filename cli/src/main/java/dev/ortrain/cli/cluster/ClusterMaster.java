package dev.ortrain.cli.cluster;

/**
 * Where a cluster engine sends its work, as {@code --spark} gives it: {@code local[4]} (this machine, four cores),
 * {@code spark://host:7077}, {@code yarn}, ...; the engine's own library checks the rest.
 */
public record ClusterMaster(String url) {
  public ClusterMaster {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("--spark needs a master: local[N] for N cores of this machine, or a"
          + " cluster's URL such as spark://host:7077");
    }
    url = url.trim();
  }
}
