package dev.ortrain.examples;

import dagger.Module;
import dagger.Provides;
import dev.ortrain.data.Dataset;
import dev.ortrain.data.HoldOut;
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
  static final double VALIDATION_FRACTION = 1.0 / 12;

  /** Draws the hold-out; independent of the experiments' seed, so changing that keeps the validation images. */
  static final long SPLIT_SEED = 42;

  /**
   * The training split less a twelfth held out at random, with as many images of each class held out, and
   * fields named as the model input ({@code input}) and {@code target}; the test split stays unseen until the
   * end.
   */
  static Dataset train(FashionMnistData data) {
    return holdOut(data).train();
  }

  /** The twelfth of the training split that {@link #train} leaves out. */
  static Dataset validation(FashionMnistData data) {
    return holdOut(data).validation();
  }

  static HoldOut holdOut(FashionMnistData data) {
    return named(data.trainImages(), data.trainLabels(), data.source()).holdOut(VALIDATION_FRACTION, SPLIT_SEED)
        .stratifiedBy("target");
  }

  /** The test split, named as {@link #train}. */
  static Dataset test(FashionMnistData data) {
    return named(data.testImages(), data.testLabels(), data.source());
  }

  private static Dataset named(IdxFile images, IdxFile labels, String source) {
    return IdxDataset.of(images, labels, source).renamed(IdxDataset.IMAGE, "input").renamed(IdxDataset.LABEL, "target");
  }
}
