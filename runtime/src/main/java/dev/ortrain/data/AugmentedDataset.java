package dev.ortrain.data;

import java.util.ArrayList;
import java.util.List;

/**
 * A view whose random transforms run only while a {@link DataLoader} assembles batches from it (or from a
 * view of it), drawn from the loader's seed, the epoch and the sample's index in the loader's dataset: each
 * epoch sees other augmentations, and a resumed run the same ones. Any other read returns the sample as it
 * is, so data checks and the identity a checkpoint records see the data, not one draw of the augmentation.
 */
final class AugmentedDataset implements Dataset {
  // Above any loader transform's stream number, so a loader's transforms draw other numbers than these.
  private static final long FIRST_STREAM = 1L << 32;

  private final Dataset source;
  private final FieldTransforms transforms;

  AugmentedDataset(Dataset source, List<Transform> transforms) {
    this.source = source;
    this.transforms = new FieldTransforms(source.fields(), transforms);
    if (!this.transforms.outputs().equals(source.fields())) {
      throw new IllegalArgumentException("augmented(" + transforms + ") changes the fields " + source.fields()
          + " to " + this.transforms.outputs() + "; augmentations keep each field's type and shape, since reads"
          + " outside a loader skip them. Declare this transform with transformed(...) instead.");
    }
  }

  /** One view with both lists, so that their transforms draw from distinct streams. */
  @Override
  public Dataset augmented(Transform... more) {
    List<Transform> all = new ArrayList<>(transforms.transforms());
    all.addAll(List.of(more));
    return new AugmentedDataset(source, all);
  }

  @Override
  public int size() {
    return source.size();
  }

  @Override
  public List<FieldSpec> fields() {
    return source.fields();
  }

  @Override
  public void read(int index, int field, FieldValues out) {
    SampleContext assembling = SampleContext.assembling();
    if (assembling == null) {
      source.read(index, field, out);
    } else {
      transforms.read(source, index, field, out, assembling, FIRST_STREAM);
    }
  }

  @Override
  public String toString() {
    return source + " augmented by " + transforms.transforms();
  }
}
