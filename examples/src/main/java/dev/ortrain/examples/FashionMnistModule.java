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

  /** The share of the training split held out for validation (5,000 of the full set's 60,000 images). */
  static final int VALIDATION_SHARE = 12;

  /**
   * The training split less its last twelfth, with fields named as the model input ({@code input}) and
   * {@code target}; the test split stays unseen until the end.
   */
  static Dataset train(FashionMnistData data) {
    Dataset all = named(data.trainImages(), data.trainLabels(), data.source());
    return all.slice(0, all.size() - all.size() / VALIDATION_SHARE);
  }

  /** The last twelfth of the training split (Fashion-MNIST's training images come in no class order). */
  static Dataset validation(FashionMnistData data) {
    Dataset all = named(data.trainImages(), data.trainLabels(), data.source());
    return all.slice(all.size() - all.size() / VALIDATION_SHARE, all.size());
  }

  /** The test split, named as {@link #train}. */
  static Dataset test(FashionMnistData data) {
    return named(data.testImages(), data.testLabels(), data.source());
  }

  private static Dataset named(IdxFile images, IdxFile labels, String source) {
    return IdxDataset.of(images, labels, source).renamed(IdxDataset.IMAGE, "input").renamed(IdxDataset.LABEL, "target");
  }
}
