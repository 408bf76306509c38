package dev.ortrain.benchmarks.experiments;

import dagger.Module;
import dagger.Provides;
import dev.ortrain.data.Dataset;
import dev.ortrain.data.FashionMnist;
import dev.ortrain.data.Split;
import java.nio.file.Path;
import javax.inject.Singleton;

/**
 * Fashion-MNIST for the benchmark experiments, from the directory in system property {@value #DATA_PROPERTY}
 * (set by the benchmark worker before it builds a trainer), else Debian's {@code dataset-fashion-mnist}.
 */
@Module
public final class BenchmarkData {
  public static final String DATA_PROPERTY = "ortrain.benchmarks.data";

  private final Dataset train;
  private final Dataset test;

  private BenchmarkData(Path dir) {
    this.train = named(FashionMnist.load(dir, Split.TRAIN));
    this.test = named(FashionMnist.load(dir, Split.TEST));
  }

  @Provides
  @Singleton
  public static BenchmarkData load() {
    return new BenchmarkData(Path.of(System.getProperty(DATA_PROPERTY, "/usr/share/datasets/fashion-mnist")));
  }

  public Dataset train() {
    return train;
  }

  public Dataset test() {
    return test;
  }

  private static Dataset named(Dataset d) {
    return d.renamed("image", "input").renamed("label", "target");
  }
}
