package dev.ortrain.cli;

import dev.ortrain.cli.cluster.ClusterBackend;
import dev.ortrain.cli.cluster.ClusterMaster;
import java.util.ServiceLoader;

/** Finds the cluster engine {@code --spark} asks for, which ortrain-spark provides. */
final class ClusterBackends {
  private ClusterBackends() {}

  static ClusterBackend spark() {
    return ServiceLoader.load(ClusterBackend.class).findFirst().orElseThrow(() -> new CliException("--spark needs"
        + " the module ortrain-spark on the class path, and it is not there: add the dependency"
        + " dev.ortrain:ortrain-spark (its version comes from ortrain-bom) next to ortrain-cli, or drop --spark to run"
        + " on this machine"));
  }

  static ClusterMaster master(String url) {
    try {
      return new ClusterMaster(url);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage());
    }
  }
}
