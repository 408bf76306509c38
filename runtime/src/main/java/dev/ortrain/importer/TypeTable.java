package dev.ortrain.importer;

import dev.ortrain.graph.DataType;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.onnx.proto.Onnx.TensorShapeProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What shape inference knows about each value: element type, shape, and for small int64 tensors (shapes,
 * axes) their contents, so that a {@code Reshape} fed by {@code Shape → Gather → Concat} gets a shape.
 */
final class TypeTable {
  private final Map<String, DataType> dataTypes = new HashMap<>();
  private final Map<String, List<Dim>> shapes = new HashMap<>();
  private final Map<String, List<Dim>> intValues = new HashMap<>();
  private final Map<String, float[]> floatValues = new HashMap<>();
  private int symbols;

  void put(String value, DataType type, List<Dim> shape) {
    dataTypes.put(value, type);
    shapes.put(value, List.copyOf(shape));
  }

  void put(String value, TensorType type) {
    put(value, type.dataType(), dims(type.shape()));
  }

  /** Records the contents of an integer tensor (rank 0 or 1). */
  void putInts(String value, List<Dim> values) {
    intValues.put(value, List.copyOf(values));
  }

  /** Records the contents of a small float tensor (Resize's scales). */
  void putFloats(String value, float[] values) {
    floatValues.put(value, values.clone());
  }

  /** The known contents of a float tensor, or null. */
  float[] floats(String value) {
    float[] v = floatValues.get(value);
    return v == null ? null : v.clone();
  }

  boolean has(String value) {
    return shapes.containsKey(value);
  }

  DataType dataType(String value) {
    return dataTypes.get(value);
  }

  List<Dim> shape(String value) {
    return shapes.get(value);
  }

  /** The known contents of an integer tensor, or null. */
  List<Dim> ints(String value) {
    return intValues.get(value);
  }

  /** A symbol for a dimension that depends on symbolic ones in a way ortrain does not track. */
  Dim freshSymbol() {
    return Dim.symbolic("dim" + symbols++);
  }

  TensorType tensorType(String value) {
    if (!has(value)) {
      return null;
    }
    TensorShapeProto.Builder proto = TensorShapeProto.newBuilder();
    for (Dim d : shapes.get(value)) {
      if (d.isKnown()) {
        proto.addDimBuilder().setDimValue(d.size());
      } else {
        proto.addDimBuilder().setDimParam(d.symbol());
      }
    }
    return new TensorType(dataTypes.get(value), Shape.fromProto(proto.build()));
  }

  static List<Dim> dims(Shape shape) {
    List<Dim> out = new ArrayList<>();
    for (int i = 0; i < shape.rank(); i++) {
      out.add(shape.isKnown(i) ? Dim.of(shape.size(i)) : Dim.symbolic(shape.symbol(i)));
    }
    return out;
  }
}
