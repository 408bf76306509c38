package dev.ortrain.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Images and labels from a pair of IDX files (the MNIST layout): field {@code image} (float, per-sample shape
 * {@code [1, H, W]} for rank-3 image files so convolutions take it as is, else the file's item shape) and
 * field {@code label} (int64 scalar class index). Pixels stay as bytes in memory (a quarter of the floats'
 * size) and are scaled while a batch is assembled.
 */
public final class IdxDataset implements Dataset {
  public static final String IMAGE = "image";
  public static final String LABEL = "label";

  private final IdxFile images;
  private final IdxFile labels;
  private final float scale;
  private final List<FieldSpec> fields;

  private IdxDataset(IdxFile images, IdxFile labels, float scale, String source) {
    int[] imageDims = images.dims();
    int[] labelDims = labels.dims();
    if (labelDims.length != 1) {
      throw new IllegalArgumentException(source + ": labels must be a 1-D IDX array (one class per image), got "
          + "dimensions " + Arrays.toString(labelDims));
    }
    if (images.count() != labels.count()) {
      throw new IllegalArgumentException(source + ": " + images.count() + " images but " + labels.count()
          + " labels; the two files must come from the same split");
    }
    if (imageDims.length < 2) {
      throw new IllegalArgumentException(source + ": images must have at least 2 dimensions (count, pixels...), got "
          + Arrays.toString(imageDims));
    }
    long[] sampleShape = imageDims.length == 3
        ? new long[] {1, imageDims[1], imageDims[2]}
        : Arrays.stream(imageDims, 1, imageDims.length).asLongStream().toArray();
    this.images = images;
    this.labels = labels;
    this.scale = scale;
    this.fields = List.of(FieldSpec.floats(IMAGE, sampleShape), FieldSpec.longs(LABEL));
  }

  /**
   * Reads an images file and a labels file (plain or gzip). Unsigned-byte pixels are scaled to [0, 1];
   * other pixel types are kept as they are.
   */
  public static IdxDataset read(Path imagesFile, Path labelsFile) {
    IdxFile images = IdxFile.read(imagesFile);
    IdxFile labels = IdxFile.read(labelsFile);
    return of(images, labels, imagesFile + " / " + labelsFile);
  }

  /** Pairs already-read files; {@code source} names them in errors. */
  public static IdxDataset of(IdxFile images, IdxFile labels, String source) {
    if (labels.isFloatingPoint()) {
      throw new IllegalArgumentException(source + ": labels hold floating-point values; class labels must be "
          + "integers");
    }
    return new IdxDataset(images, labels, images.isUnsignedBytes() ? 1f / 255f : 1f, source);
  }

  /** The largest label plus one: the number of classes when the labels are 0..k-1. */
  public int classCount() {
    long max = -1;
    for (int i = 0; i < labels.count(); i++) {
      max = Math.max(max, labels.longAt(i));
    }
    return (int) (max + 1);
  }

  @Override
  public int size() {
    return images.count();
  }

  @Override
  public List<FieldSpec> fields() {
    return fields;
  }

  @Override
  public void read(int index, int field, FieldValues out) {
    if (field == 0) {
      images.readItem(index, scale, out.floats());
    } else {
      out.longs()[0] = labels.longAt(index);
    }
  }

  @Override
  public String toString() {
    return "IdxDataset(" + size() + " samples, " + fields + ")";
  }
}
