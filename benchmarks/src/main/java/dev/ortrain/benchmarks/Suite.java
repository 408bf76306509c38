package dev.ortrain.benchmarks;

import dev.ortrain.benchmarks.harness.SuiteRunner;

/**
 * Runs every benchmark of issue #8 and writes {@code docs/benchmarks.md} (tables) and
 * {@code docs/benchmarks.json} (every measurement, read back next time to say what changed). Run it through
 * {@code benchmarks/run.sh}, which builds what it needs first; {@code --help} lists the options.
 */
public final class Suite {
  private Suite() {}

  public static void main(String[] args) throws Exception {
    System.exit(SuiteRunner.run(args));
  }
}
