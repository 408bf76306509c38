package dev.ortrain.graph;

import dev.ortrain.onnx.proto.Onnx.TypeProto;
import dev.ortrain.onnx.proto.Onnx.ValueInfoProto;

/** Element type and shape of a tensor value in a graph. */
public record TensorType(DataType dataType, Shape shape) {

  public static TensorType floats(Shape shape) {
    return new TensorType(DataType.FLOAT, shape);
  }

  public TypeProto toProto() {
    return TypeProto.newBuilder()
        .setTensorType(
            TypeProto.Tensor.newBuilder().setElemType(dataType.onnxCode()).setShape(shape.toProto()))
        .build();
  }

  public ValueInfoProto valueInfo(String name) {
    return ValueInfoProto.newBuilder().setName(name).setType(toProto()).build();
  }

  /** Reads a tensor type; returns null for a value without a tensor type or without a shape. */
  public static TensorType fromProto(TypeProto type) {
    if (!type.hasTensorType() || !type.getTensorType().hasShape()) {
      return null;
    }
    return new TensorType(
        DataType.fromOnnx(type.getTensorType().getElemType()),
        Shape.fromProto(type.getTensorType().getShape()));
  }

  @Override
  public String toString() {
    return dataType.name().toLowerCase(java.util.Locale.ROOT) + shape;
  }
}
