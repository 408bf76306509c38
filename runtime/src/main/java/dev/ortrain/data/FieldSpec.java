package dev.ortrain.data;

import dev.ortrain.graph.DataType;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import java.util.Objects;

/**
 * Name, element type and per-sample shape (batch dimension excluded) of one field of a dataset's samples.
 * Fields are float (features, one-hot or regression targets) or int64 (class indices).
 */
public record FieldSpec(String name, DataType dataType, Shape sampleShape) {

  public FieldSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dataType, "dataType");
    Objects.requireNonNull(sampleShape, "sampleShape");
    if (name.isBlank()) {
      throw new IllegalArgumentException("A field name must not be blank");
    }
    if (dataType != DataType.FLOAT && dataType != DataType.INT64) {
      throw new IllegalArgumentException("Field '" + name + "' has element type " + dataType
          + "; data fields are FLOAT (features, float targets) or INT64 (class indices)");
    }
    if (!sampleShape.isStatic()) {
      throw new IllegalArgumentException("Field '" + name + "' has per-sample shape " + sampleShape
          + "; every dimension of a sample must be known (the batch dimension is added by the loader)");
    }
    long count = sampleShape.elementCount();
    if (count < 1 || count > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("Field '" + name + "' with per-sample shape " + sampleShape + " holds "
          + count + " elements per sample; expected between 1 and " + Integer.MAX_VALUE);
    }
  }

  /** A float field; no dimensions means one scalar per sample. */
  public static FieldSpec floats(String name, long... sampleShape) {
    return new FieldSpec(name, DataType.FLOAT, Shape.of(sampleShape));
  }

  /** An int64 field (class indices); no dimensions means one scalar per sample. */
  public static FieldSpec longs(String name, long... sampleShape) {
    return new FieldSpec(name, DataType.INT64, Shape.of(sampleShape));
  }

  /** Elements per sample. */
  public int elementCount() {
    return (int) sampleShape.elementCount();
  }

  /** The per-sample dimensions. */
  public long[] dims() {
    return sampleShape.resolve(0);
  }

  public boolean isFloat() {
    return dataType == DataType.FLOAT;
  }

  public FieldSpec withName(String newName) {
    return new FieldSpec(newName, dataType, sampleShape);
  }

  /** The type a model input fed by this field must declare: the per-sample shape behind a symbolic batch. */
  public TensorType batchedType() {
    return new TensorType(dataType, Shape.batched(dims()));
  }

  @Override
  public String toString() {
    return name + ": " + new TensorType(dataType, sampleShape);
  }
}
