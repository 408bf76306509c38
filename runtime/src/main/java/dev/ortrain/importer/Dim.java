package dev.ortrain.importer;

/**
 * One dimension during shape inference: a known size, or a named symbol (the batch dimension, or a size
 * that depends on it). Also used for the elements of small int64 tensors whose values are known at import
 * time (the results of {@code Shape}), since those may be symbolic too.
 */
record Dim(long size, String symbol) {

  static Dim of(long size) {
    return new Dim(size, null);
  }

  static Dim symbolic(String symbol) {
    return new Dim(-1, symbol);
  }

  boolean isKnown() {
    return symbol == null;
  }

  boolean is(long value) {
    return isKnown() && size == value;
  }

  @Override
  public String toString() {
    return isKnown() ? Long.toString(size) : symbol;
  }
}
