package dev.ortrain.examples;

import dagger.Module;
import dagger.Provides;
import dev.ortrain.data.Dataset;
import dev.ortrain.data.IdxDataset;
import dev.ortrain.data.IdxFile;
import javax.inject.Singleton;

/**
 * Gives the annotated Fashion-MNIST experiments their data (Debian's full set when installed, else the shipped
 * subset), read once per component.
 */
@Module
public final class FashionMnistModule {
  private FashionMnistModule() {}

  @Provides
  @Singleton
  static FashionMnistData data() {
    FashionMnistData data = FashionMnistData.load(null);
    System.out.println("Data: " + data.source());
    return data;
  }

  /** The training split with fields named as the model input ({@code input}) and {@code target}. */
  static Dataset train(FashionMnistData data) {
    return named(data.trainImages(), data.trainLabels(), data.source());
  }

  /** The test split, named as {@link #train}. */
  static Dataset test(FashionMnistData data) {
    return named(data.testImages(), data.testLabels(), data.source());
  }

  private static Dataset named(IdxFile images, IdxFile labels, String source) {
    return IdxDataset.of(images, labels, source).renamed(IdxDataset.IMAGE, "input").renamed(IdxDataset.LABEL, "target");
  }
}
