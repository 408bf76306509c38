package dev.ortrain.data;

import dev.ortrain.graph.Shape;

/** Reshapes a field to one axis (an image [1, 28, 28] to [784] for a fully connected first layer). */
final class Flatten implements Transform {
  private final String field;

  Flatten(String field) {
    this.field = field;
  }

  @Override
  public String field() {
    return field;
  }

  @Override
  public FieldSpec outputSpec(FieldSpec input) {
    return new FieldSpec(input.name(), input.dataType(), Shape.of(input.elementCount()));
  }

  @Override
  public void apply(FieldValues in, FieldValues out, SampleContext context) {
    if (in.spec().isFloat()) {
      System.arraycopy(in.floats(), 0, out.floats(), 0, out.floats().length);
    } else {
      System.arraycopy(in.longs(), 0, out.longs(), 0, out.longs().length);
    }
  }

  @Override
  public String toString() {
    return "flatten(" + field + ")";
  }
}
