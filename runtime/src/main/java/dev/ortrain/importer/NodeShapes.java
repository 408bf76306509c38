package dev.ortrain.importer;

import dev.ortrain.graph.Attributes;
import dev.ortrain.graph.DataType;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import java.util.List;

/** What a {@link ShapeRule} sees of one node: its inputs' types and known values, and where outputs go. */
final class NodeShapes {
  private final NodeProto node;
  private final TypeTable table;
  private final long opset;

  NodeShapes(NodeProto node, TypeTable table, long opset) {
    this.node = node;
    this.table = table;
    this.opset = opset;
  }

  NodeProto node() {
    return node;
  }

  /** The model's ai.onnx opset (some operators moved attributes to inputs over the versions). */
  long opset() {
    return opset;
  }

  boolean hasInput(int i) {
    return i < node.getInputCount() && !node.getInput(i).isEmpty();
  }

  int inputCount() {
    return node.getInputCount();
  }

  List<Dim> shape(int i) {
    return table.shape(node.getInput(i));
  }

  int rank(int i) {
    return shape(i).size();
  }

  DataType type(int i) {
    return table.dataType(node.getInput(i));
  }

  /** The known contents of integer input {@code i}, or null when they are not known at import time. */
  List<Dim> ints(int i) {
    return hasInput(i) ? table.ints(node.getInput(i)) : null;
  }

  /** The known contents of float input {@code i} (an initializer or Constant), or null. */
  float[] floats(int i) {
    return hasInput(i) ? table.floats(node.getInput(i)) : null;
  }

  /** Records the contents of float output {@code i}. */
  void outputFloats(int i, float[] values) {
    if (i < node.getOutputCount() && !node.getOutput(i).isEmpty()) {
      table.putFloats(node.getOutput(i), values);
    }
  }

  /** Contents of an integer input that must be constant (axes, a reshape target); fails otherwise. */
  List<Dim> requireInts(int i, String what) {
    List<Dim> v = ints(i);
    if (v == null) {
      throw fail("its " + what + " (input '" + node.getInput(i) + "') is computed at run time; ortrain needs it"
          + " constant (an initializer, a Constant node, or derived from Shape)");
    }
    return v;
  }

  /** Known integer contents as plain longs; fails when one of them is symbolic. */
  long[] requireConstantInts(int i, String what) {
    List<Dim> v = requireInts(i, what);
    long[] out = new long[v.size()];
    for (int k = 0; k < out.length; k++) {
      if (!v.get(k).isKnown()) {
        throw fail("its " + what + " " + v + " depends on the batch size");
      }
      out[k] = v.get(k).size();
    }
    return out;
  }

  long intAttr(String name, long fallback) {
    return Attributes.getInt(node, name, fallback);
  }

  long[] intsAttr(String name, long[] fallback) {
    return Attributes.getInts(node, name, fallback);
  }

  String stringAttr(String name, String fallback) {
    return Attributes.getString(node, name, fallback);
  }

  boolean hasAttr(String name) {
    return Attributes.find(node, name) != null;
  }

  /** Declares the type of output {@code i} (ignored when that optional output is absent). */
  void output(int i, DataType type, List<Dim> shape) {
    if (i < node.getOutputCount() && !node.getOutput(i).isEmpty()) {
      table.put(node.getOutput(i), type, shape);
    }
  }

  /** Records the known contents of integer output {@code i}. */
  void outputInts(int i, List<Dim> values) {
    if (i < node.getOutputCount() && !node.getOutput(i).isEmpty()) {
      table.putInts(node.getOutput(i), values);
    }
  }

  Dim freshSymbol() {
    return table.freshSymbol();
  }

  /** Normalises a possibly negative axis against a rank. */
  int axis(long axis, int rank) {
    long a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a >= rank) {
      throw fail("axis " + axis + " is out of range for rank " + rank);
    }
    return (int) a;
  }

  ShapeInferenceException fail(String reason) {
    return new ShapeInferenceException(node.getOpType() + " node '" + node.getName() + "': " + reason);
  }
}
