package dev.ortrain.benchmarks.experiments;

import dagger.Module;
import dagger.Provides;
import dev.ortrain.data.ArrayDataset;
import dev.ortrain.data.Dataset;
import dev.ortrain.data.FashionMnist;
import dev.ortrain.data.Split;
import java.nio.file.Path;
import javax.inject.Singleton;

/**
 * Fashion-MNIST for the benchmark experiments, from the directory in system property {@value #DATA_PROPERTY}
 * (set by the benchmark worker before it builds a trainer), else Debian's {@code dataset-fashion-mnist}. Held in
 * memory as float pixels in [0, 1], as every peer holds it, so that all contenders copy the same bytes per batch.
 */
@Module
public final class BenchmarkData {
  public static final String DATA_PROPERTY = "ortrain.benchmarks.data";

  private final Dataset train;
  private final Dataset test;

  private BenchmarkData(Path dir) {
    this.train = inMemory(dir, Split.TRAIN);
    this.test = inMemory(dir, Split.TEST);
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

  private static Dataset inMemory(Path dir, Split split) {
    return ArrayDataset.copyOf(FashionMnist.load(dir, split).renamed("image", "input").renamed("label", "target"));
  }
}
