package dev.ortrain.spark;

import dev.ortrain.cli.cluster.ClusterMaster;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** Opens the Spark context a command runs its jobs in. */
public final class SparkContexts {
  private static final String MASTER = "spark.master";

  private SparkContexts() {}

  /**
   * A new context at {@code master}, each task holding {@code coresPerTask} cores; the caller stops it. Settings
   * given to {@code spark-submit} or as {@code spark.*} system properties apply, but a master of theirs must be the
   * one asked for, since silently training elsewhere would surprise.
   *
   * @throws IllegalArgumentException when spark-submit named another master
   */
  public static JavaSparkContext open(ClusterMaster master, String application, int coresPerTask) {
    SparkConf conf = new SparkConf().setAppName(application);
    if (conf.contains(MASTER) && !conf.get(MASTER).equals(master.url())) {
      throw new IllegalArgumentException("--spark " + master.url() + " differs from the master spark-submit was"
          + " given (" + conf.get(MASTER) + "): give --spark " + conf.get(MASTER) + ", or submit to " + master.url());
    }
    conf.setMaster(master.url()).set("spark.task.cpus", Integer.toString(coresPerTask));
    return new JavaSparkContext(conf);
  }

  /** How many tasks of {@code coresPerTask} cores the context runs at once, at least one. */
  public static int slots(JavaSparkContext context, int coresPerTask) {
    return Math.max(1, context.defaultParallelism() / coresPerTask);
  }
}
