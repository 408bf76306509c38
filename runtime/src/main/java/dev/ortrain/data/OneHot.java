package dev.ortrain.data;

import dev.ortrain.graph.DataType;
import dev.ortrain.graph.Shape;
import java.util.Arrays;

/** An int64 class index becomes a float vector of {@code classes} zeros with a one at the index. */
final class OneHot implements Transform {
  private final String field;
  private final int classes;

  OneHot(String field, int classes) {
    if (classes < 2) {
      throw new IllegalArgumentException("oneHot(" + field + ") needs at least 2 classes, got " + classes);
    }
    this.field = field;
    this.classes = classes;
  }

  @Override
  public String field() {
    return field;
  }

  @Override
  public FieldSpec outputSpec(FieldSpec input) {
    if (input.isFloat() || input.elementCount() != 1) {
      throw new IllegalArgumentException("oneHot(" + field + ") needs one int64 class index per sample, but '"
          + field + "' is " + input.batchedType());
    }
    return new FieldSpec(input.name(), DataType.FLOAT, Shape.of(classes));
  }

  @Override
  public void apply(FieldValues in, FieldValues out, SampleContext context) {
    long label = in.longs()[0];
    if (label < 0 || label >= classes) {
      throw new IllegalArgumentException("oneHot(" + field + "): sample " + context.sampleIndex() + " has class "
          + label + ", outside [0, " + classes + "); set the number of classes to cover every label");
    }
    float[] dst = out.floats();
    Arrays.fill(dst, 0f);
    dst[(int) label] = 1f;
  }

  @Override
  public String toString() {
    return "oneHot(" + field + ", " + classes + ")";
  }
}
