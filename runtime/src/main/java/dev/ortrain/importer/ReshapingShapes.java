package dev.ortrain.importer;

import dev.ortrain.graph.Attributes;
import dev.ortrain.graph.DataType;
import dev.ortrain.graph.Tensors;
import dev.ortrain.onnx.proto.Onnx.AttributeProto;
import dev.ortrain.onnx.proto.Onnx.TensorProto;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Operators that move elements without computing (Reshape, Flatten, Transpose, Squeeze, Unsqueeze,
 * Concat, Gather) and those that make the small int64 tensors shapes are computed from (Shape,
 * Constant, ConstantOfShape). The latter record their contents so that later reshapes resolve (and
 * Constant its small float contents, for Resize's scales).
 */
final class ReshapingShapes {
  private ReshapingShapes() {}

  static void register(Map<String, ShapeRule> rules) {
    rules.put("Reshape", ReshapingShapes::reshape);
    rules.put("Flatten", ReshapingShapes::flatten);
    rules.put("Transpose", ReshapingShapes::transpose);
    rules.put("Squeeze", ReshapingShapes::squeeze);
    rules.put("Unsqueeze", ReshapingShapes::unsqueeze);
    rules.put("Concat", ReshapingShapes::concat);
    rules.put("Gather", ReshapingShapes::gather);
    rules.put("Shape", ReshapingShapes::shape);
    rules.put("Constant", ReshapingShapes::constant);
    rules.put("ConstantOfShape", ReshapingShapes::constantOfShape);
  }

  static void reshape(NodeShapes n) {
    List<Dim> in = n.shape(0);
    List<Dim> target = n.requireInts(1, "target shape");
    boolean allowZero = n.intAttr("allowzero", 0) != 0;
    List<Dim> out = new ArrayList<>();
    int inferred = -1;
    for (int i = 0; i < target.size(); i++) {
      Dim t = target.get(i);
      if (t.is(0) && !allowZero) {
        if (i >= in.size()) {
          throw n.fail("target " + target + " copies dimension " + i + " that input " + in + " lacks");
        }
        out.add(in.get(i));
      } else if (t.is(-1)) {
        if (inferred >= 0) {
          throw n.fail("target " + target + " has more than one -1");
        }
        inferred = i;
        out.add(null);
      } else {
        out.add(t);
      }
    }
    if (inferred >= 0) {
      DimProduct rest = new DimProduct();
      out.stream().filter(d -> d != null).forEach(rest::multiply);
      Dim d = DimProduct.of(in).divide(rest);
      out.set(inferred, d != null ? d : n.freshSymbol());
    }
    n.output(0, n.type(0), out);
    if (n.ints(0) != null && out.size() <= 1) {
      n.outputInts(0, n.ints(0));
    }
  }

  static void flatten(NodeShapes n) {
    List<Dim> in = n.shape(0);
    long axisAttr = n.intAttr("axis", 1);
    int axis = axisAttr < 0 ? (int) (axisAttr + in.size()) : (int) axisAttr;
    if (axis < 0 || axis > in.size()) {
      throw n.fail("axis " + axisAttr + " is out of range for " + in);
    }
    n.output(0, n.type(0), List.of(product(n, in.subList(0, axis)), product(n, in.subList(axis, in.size()))));
  }

  private static Dim product(NodeShapes n, List<Dim> dims) {
    Dim d = DimProduct.of(dims).asDim();
    return d != null ? d : n.freshSymbol();
  }

  static void transpose(NodeShapes n) {
    List<Dim> in = n.shape(0);
    long[] perm = n.intsAttr("perm", null);
    List<Dim> out = new ArrayList<>();
    if (perm == null) {
      out.addAll(in);
      Collections.reverse(out);
    } else {
      if (perm.length != in.size()) {
        throw n.fail("perm " + java.util.Arrays.toString(perm) + " does not match rank " + in.size());
      }
      for (long p : perm) {
        out.add(in.get(n.axis(p, in.size())));
      }
    }
    n.output(0, n.type(0), out);
  }

  /** Axes come from an attribute before opset 13 and from input 1 since. */
  private static long[] axes(NodeShapes n) {
    if (n.hasAttr("axes")) {
      return n.intsAttr("axes", null);
    }
    return n.hasInput(1) ? n.requireConstantInts(1, "axes") : null;
  }

  static void squeeze(NodeShapes n) {
    List<Dim> in = n.shape(0);
    long[] axes = axes(n);
    List<Boolean> drop = new ArrayList<>(Collections.nCopies(in.size(), false));
    if (axes == null) {
      for (int i = 0; i < in.size(); i++) {
        drop.set(i, in.get(i).is(1));
      }
    } else {
      for (long a : axes) {
        int axis = n.axis(a, in.size());
        if (in.get(axis).isKnown() && !in.get(axis).is(1)) {
          throw n.fail("cannot squeeze axis " + a + " of " + in);
        }
        drop.set(axis, true);
      }
    }
    List<Dim> out = new ArrayList<>();
    for (int i = 0; i < in.size(); i++) {
      if (!drop.get(i)) {
        out.add(in.get(i));
      }
    }
    n.output(0, n.type(0), out);
    if (n.ints(0) != null) {
      n.outputInts(0, n.ints(0));
    }
  }

  static void unsqueeze(NodeShapes n) {
    List<Dim> in = n.shape(0);
    long[] axes = axes(n);
    if (axes == null) {
      throw n.fail("it has no axes");
    }
    int rank = in.size() + axes.length;
    List<Dim> out = new ArrayList<>(Collections.nCopies(rank, (Dim) null));
    for (long a : axes) {
      out.set(n.axis(a, rank), Dim.of(1));
    }
    int next = 0;
    for (int i = 0; i < rank; i++) {
      if (out.get(i) == null) {
        out.set(i, in.get(next++));
      }
    }
    n.output(0, n.type(0), out);
    if (n.ints(0) != null) {
      n.outputInts(0, n.ints(0));
    }
  }

  static void concat(NodeShapes n) {
    List<Dim> first = n.shape(0);
    int axis = n.axis(n.intAttr("axis", 0), first.size());
    long knownSum = 0;
    boolean symbolic = false;
    List<Dim> values = new ArrayList<>();
    // Exports without constant folding concatenate Resize's scales from Constant pieces.
    float[] floats = new float[0];
    for (int i = 0; i < n.inputCount(); i++) {
      Dim d = n.shape(i).get(axis);
      symbolic |= !d.isKnown();
      knownSum += d.isKnown() ? d.size() : 0;
      if (values != null && n.ints(i) != null) {
        values.addAll(n.ints(i));
      } else {
        values = null;
      }
      float[] piece = n.floats(i);
      if (floats != null && piece != null) {
        float[] joined = java.util.Arrays.copyOf(floats, floats.length + piece.length);
        System.arraycopy(piece, 0, joined, floats.length, piece.length);
        floats = joined;
      } else {
        floats = null;
      }
    }
    List<Dim> out = new ArrayList<>(first);
    out.set(axis, symbolic ? n.freshSymbol() : Dim.of(knownSum));
    n.output(0, n.type(0), out);
    if (values != null) {
      n.outputInts(0, values);
    }
    if (floats != null) {
      n.outputFloats(0, floats);
    }
  }

  static void gather(NodeShapes n) {
    List<Dim> data = n.shape(0);
    List<Dim> indices = n.shape(1);
    int axis = n.axis(n.intAttr("axis", 0), data.size());
    List<Dim> out = new ArrayList<>(data.subList(0, axis));
    out.addAll(indices);
    out.addAll(data.subList(axis + 1, data.size()));
    n.output(0, n.type(0), out);
    List<Dim> values = n.ints(0);
    List<Dim> index = n.ints(1);
    if (values != null && index != null && data.size() == 1) {
      List<Dim> picked = new ArrayList<>();
      for (Dim i : index) {
        if (!i.isKnown()) {
          return;
        }
        picked.add(values.get(n.axis(i.size(), values.size())));
      }
      n.outputInts(0, picked);
    }
  }

  static void shape(NodeShapes n) {
    List<Dim> in = n.shape(0);
    int start = clamp(n.intAttr("start", 0), in.size());
    int end = clamp(n.intAttr("end", in.size()), in.size());
    List<Dim> dims = in.subList(start, Math.max(start, end));
    n.output(0, DataType.INT64, List.of(Dim.of(dims.size())));
    n.outputInts(0, dims);
  }

  private static int clamp(long axis, int rank) {
    long a = axis < 0 ? axis + rank : axis;
    return (int) Math.max(0, Math.min(rank, a));
  }

  static void constant(NodeShapes n) {
    AttributeProto a = n.node().getAttributeCount() == 1 ? n.node().getAttribute(0) : null;
    if (a == null) {
      throw n.fail("it must have exactly one value attribute");
    }
    switch (a.getName()) {
      case "value" -> {
        TensorProto t = a.getT();
        n.output(0, DataType.fromOnnx(t.getDataType()), dims(Tensors.dims(t)));
        recordInts(n, t);
        float[] floats = floatContents(t);
        if (floats != null) {
          n.outputFloats(0, floats);
        }
      }
      case "value_float" -> {
        n.output(0, DataType.FLOAT, List.of());
        n.outputFloats(0, new float[] {a.getF()});
      }
      case "value_floats" -> {
        n.output(0, DataType.FLOAT, List.of(Dim.of(a.getFloatsCount())));
        float[] floats = new float[a.getFloatsCount()];
        for (int i = 0; i < floats.length; i++) {
          floats[i] = a.getFloats(i);
        }
        n.outputFloats(0, floats);
      }
      case "value_int" -> {
        n.output(0, DataType.INT64, List.of());
        n.outputInts(0, List.of(Dim.of(a.getI())));
      }
      case "value_ints" -> {
        n.output(0, DataType.INT64, List.of(Dim.of(a.getIntsCount())));
        n.outputInts(0, dims(Attributes.getInts(n.node(), "value_ints", new long[0])));
      }
      default -> throw n.fail("constant attribute '" + a.getName() + "' is not supported");
    }
  }

  static void constantOfShape(NodeShapes n) {
    List<Dim> shape = n.requireInts(0, "shape");
    AttributeProto value = Attributes.find(n.node(), "value");
    DataType type = value == null ? DataType.FLOAT : DataType.fromOnnx(value.getT().getDataType());
    n.output(0, type, shape);
  }

  /** Records the contents of a small integer tensor (a shape, axes or an index). */
  static void recordInts(NodeShapes n, TensorProto t) {
    List<Dim> values = intContents(t);
    if (values != null) {
      n.outputInts(0, values);
    }
  }

  /** The values of a rank-0 or rank-1 int32/int64 tensor of at most 64 elements, else null. */
  static List<Dim> intContents(TensorProto t) {
    boolean integer = t.getDataType() == DataType.INT64.onnxCode() || t.getDataType() == DataType.INT32.onnxCode();
    if (!integer || t.getDimsCount() > 1 || Tensors.elementCount(t) > 64
        || t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
      return null;
    }
    return dims(Tensors.toLongs(t));
  }

  /** The values of a rank-0 or rank-1 float tensor of at most 64 elements (scales), else null. */
  static float[] floatContents(TensorProto t) {
    if (t.getDataType() != DataType.FLOAT.onnxCode() || t.getDimsCount() > 1 || Tensors.elementCount(t) > 64
        || t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
      return null;
    }
    return Tensors.toFloats(t);
  }

  static List<Dim> dims(long[] values) {
    List<Dim> out = new ArrayList<>();
    for (long v : values) {
      out.add(Dim.of(v));
    }
    return out;
  }
}
