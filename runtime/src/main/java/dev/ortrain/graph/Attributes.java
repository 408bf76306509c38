package dev.ortrain.graph;

import com.google.protobuf.ByteString;
import dev.ortrain.onnx.proto.Onnx.AttributeProto;
import dev.ortrain.onnx.proto.Onnx.AttributeProto.AttributeType;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import dev.ortrain.onnx.proto.Onnx.TensorProto;
import java.nio.charset.StandardCharsets;

/** Builds node attributes (always with their {@code type} set, as ONNX requires) and reads them back. */
public final class Attributes {
  private Attributes() {}

  public static AttributeProto of(String name, long value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeType.INT).setI(value).build();
  }

  public static AttributeProto of(String name, float value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeType.FLOAT).setF(value).build();
  }

  public static AttributeProto of(String name, String value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeType.STRING)
        .setS(ByteString.copyFrom(value, StandardCharsets.UTF_8))
        .build();
  }

  public static AttributeProto of(String name, TensorProto value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeType.TENSOR).setT(value).build();
  }

  public static AttributeProto ints(String name, long... values) {
    AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(AttributeType.INTS);
    for (long v : values) {
      b.addInts(v);
    }
    return b.build();
  }

  public static AttributeProto floats(String name, float... values) {
    AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(AttributeType.FLOATS);
    for (float v : values) {
      b.addFloats(v);
    }
    return b.build();
  }

  public static AttributeProto find(NodeProto node, String name) {
    for (AttributeProto a : node.getAttributeList()) {
      if (a.getName().equals(name)) {
        return a;
      }
    }
    return null;
  }

  public static long getInt(NodeProto node, String name, long fallback) {
    AttributeProto a = find(node, name);
    return a == null ? fallback : a.getI();
  }

  public static float getFloat(NodeProto node, String name, float fallback) {
    AttributeProto a = find(node, name);
    return a == null ? fallback : a.getF();
  }

  public static String getString(NodeProto node, String name, String fallback) {
    AttributeProto a = find(node, name);
    return a == null ? fallback : a.getS().toStringUtf8();
  }

  public static long[] getInts(NodeProto node, String name, long[] fallback) {
    AttributeProto a = find(node, name);
    return a == null ? fallback : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
  }
}
