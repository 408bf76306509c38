package dev.ortrain.data;

import java.util.ArrayList;
import java.util.List;

/**
 * A fixed number of samples, each made of the same named fields. Implementations are immutable: a loader's
 * prefetch thread reads them while the training thread runs, so {@link #read} must not change shared state.
 */
public interface Dataset {

  /** Number of samples. */
  int size();

  /** The fields of every sample, in a fixed order ({@link #read} addresses them by position). */
  List<FieldSpec> fields();

  /**
   * Copies field number {@code field} of sample {@code index} into {@code out}, overwriting all of it.
   * {@code out} was made for {@code fields().get(field)}.
   */
  void read(int index, int field, FieldValues out);

  /** The position of a field in {@link #fields()}; fails naming the fields there are. */
  default int fieldIndex(String name) {
    List<FieldSpec> fields = fields();
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("No field '" + name + "' in the dataset; its fields are " + fieldNames());
  }

  default List<String> fieldNames() {
    List<String> names = new ArrayList<>();
    for (FieldSpec f : fields()) {
      names.add(f.name());
    }
    return names;
  }

  /** Samples {@code from} (inclusive) to {@code to} (exclusive), e.g. to hold out a validation split. */
  default Dataset slice(int from, int to) {
    return new SlicedDataset(this, from, to);
  }

  /** The same samples with field {@code from} called {@code to} (to match a model input's name). */
  default Dataset renamed(String from, String to) {
    return new RenamedDataset(this, from, to);
  }

  /**
   * A random split into a training and a validation part, drawn from {@code seed} (the same on every machine):
   * round({@code fraction} × size) samples validate, the others train. Add {@link HoldOut#stratifiedBy} to keep
   * the class proportions in both parts.
   *
   * @param fraction the share of the samples held out for validation, in (0, 1)
   */
  default HoldOut holdOut(double fraction, long seed) {
    return new HoldOut(this, fraction, seed);
  }

  /**
   * The same samples with deterministic {@code transforms} (normalization, one-hot encoding, flattening) run on
   * every read, in order; a transform that draws random numbers fails its first read: declare it with
   * {@link #augmented}. Fields a transform reshapes or retypes are reported reshaped by {@link #fields()}.
   */
  default Dataset transformed(Transform... transforms) {
    return new TransformedDataset(this, List.of(transforms));
  }

  /** (x - mean) / std for every value of float field {@code field}, on every read (see {@link #transformed}). */
  default Dataset normalized(String field, float mean, float std) {
    return transformed(Transforms.normalize(field, mean, std));
  }

  /** (x - mean[c]) / std[c] with c the index on the field's first per-sample axis (the channel of [C, H, W]). */
  default Dataset normalized(String field, float[] mean, float[] std) {
    return transformed(Transforms.normalize(field, mean, std));
  }

  /**
   * The same samples with random {@code transforms} (augmentation: random crops, flips) run while a
   * {@link DataLoader} assembles batches from this dataset or a view of it, drawn from the loader's seed, the
   * epoch and the sample's index in the loader's dataset, so a resumed run augments exactly as the interrupted
   * one would have. Other reads see the samples unchanged, so augmentations must keep each field's type and
   * shape. Training loaders augment; the trainer's validation and test loaders do not
   * ({@link DataLoader.Builder#augment}).
   */
  default Dataset augmented(Transform... transforms) {
    return new AugmentedDataset(this, List.of(transforms));
  }
}
