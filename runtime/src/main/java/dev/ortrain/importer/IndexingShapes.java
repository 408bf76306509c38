package dev.ortrain.importer;

import dev.ortrain.graph.DataType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Operators that select, repeat or generate elements: Slice, Split, Pad, Tile, Expand, Range, Trilu. Where
 * a size depends on values only known at run time, the dimension gets a fresh symbol; where the selected
 * tensor is a shape (a small int64 vector), its known contents are carried on.
 */
final class IndexingShapes {
  /** ONNX exporters write "to the end" as INT64_MAX (or INT32_MAX); anything this large means the same. */
  private static final long TO_THE_END = Integer.MAX_VALUE;

  private IndexingShapes() {}

  static void register(Map<String, ShapeRule> rules) {
    rules.put("Slice", IndexingShapes::slice);
    rules.put("Split", IndexingShapes::split);
    rules.put("Pad", IndexingShapes::pad);
    rules.put("Tile", IndexingShapes::tile);
    rules.put("Expand", IndexingShapes::expand);
    rules.put("Range", IndexingShapes::range);
    rules.put("Trilu", n -> n.output(0, n.type(0), n.shape(0)));
  }

  /** Slice(data, starts, ends[, axes[, steps]]) with numpy's clamping of out-of-range bounds. */
  static void slice(NodeShapes n) {
    List<Dim> in = n.shape(0);
    List<Dim> starts = n.ints(1);
    List<Dim> ends = n.ints(2);
    List<Dim> axes = n.hasInput(3) ? n.ints(3) : defaultAxes(starts);
    List<Dim> steps = n.hasInput(4) ? n.ints(4) : ones(starts);
    List<Dim> out = new ArrayList<>(in);
    if (starts == null || ends == null || axes == null || steps == null || !allKnown(axes)) {
      if (axes == null || !allKnown(axes)) {
        for (int i = 0; i < out.size(); i++) {
          out.set(i, n.freshSymbol()); // the rank is all that is known of a slice along unknown axes
        }
      } else {
        axes.forEach(a -> out.set(n.axis(a.size(), in.size()), n.freshSymbol()));
      }
      n.output(0, n.type(0), out);
      return;
    }
    List<Dim> values = n.ints(0);
    for (int k = 0; k < axes.size(); k++) {
      int axis = n.axis(axes.get(k).size(), in.size());
      Dim start = starts.get(k);
      Dim end = ends.get(k);
      Dim step = steps.get(k);
      Dim dim = in.get(axis);
      if (step.is(0)) {
        throw n.fail("step 0 along axis " + axis);
      }
      if (start.isKnown() && end.isKnown() && step.isKnown() && dim.isKnown()) {
        long[] range = bounds(start.size(), end.size(), step.size(), dim.size());
        out.set(axis, Dim.of(length(range, step.size())));
        if (values != null && in.size() == 1) {
          List<Dim> picked = new ArrayList<>();
          for (long i = range[0]; step.size() > 0 ? i < range[1] : i > range[1]; i += step.size()) {
            picked.add(values.get((int) i));
          }
          values = picked;
        }
      } else {
        boolean whole = start.is(0) && step.is(1) && end.isKnown() && end.size() >= TO_THE_END;
        out.set(axis, whole ? dim : n.freshSymbol());
        values = whole ? values : null;
      }
    }
    n.output(0, n.type(0), out);
    if (values != null && in.size() == 1) {
      n.outputInts(0, values);
    }
  }

  /** [first, last) clamped as ONNX Slice clamps them, for a positive or negative step. */
  private static long[] bounds(long start, long end, long step, long dim) {
    long s = start < 0 ? start + dim : start;
    long e = end < 0 ? end + dim : end;
    if (step > 0) {
      return new long[] {clamp(s, 0, dim), clamp(e, 0, dim)};
    }
    return new long[] {clamp(s, 0, dim - 1), clamp(e, -1, dim - 1)};
  }

  private static long length(long[] range, long step) {
    long span = step > 0 ? range[1] - range[0] : range[0] - range[1];
    long magnitude = Math.abs(step);
    return Math.max(0, (span + magnitude - 1) / magnitude);
  }

  private static long clamp(long v, long lo, long hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  private static List<Dim> defaultAxes(List<Dim> starts) {
    if (starts == null) {
      return null;
    }
    List<Dim> axes = new ArrayList<>();
    for (int i = 0; i < starts.size(); i++) {
      axes.add(Dim.of(i));
    }
    return axes;
  }

  private static List<Dim> ones(List<Dim> starts) {
    return starts == null ? null : new ArrayList<>(Collections.nCopies(starts.size(), Dim.of(1)));
  }

  private static boolean allKnown(List<Dim> dims) {
    return dims.stream().allMatch(Dim::isKnown);
  }

  /** Split along an axis into the sizes of input 1 (the attribute before opset 13), else equal parts. */
  static void split(NodeShapes n) {
    List<Dim> in = n.shape(0);
    int axis = n.axis(n.intAttr("axis", 0), in.size());
    int parts = n.node().getOutputCount();
    long[] sizes = n.hasAttr("split") ? n.intsAttr("split", null)
        : n.hasInput(1) ? n.requireConstantInts(1, "split sizes") : null;
    Dim dim = in.get(axis);
    for (int i = 0; i < parts; i++) {
      List<Dim> out = new ArrayList<>(in);
      if (sizes != null) {
        out.set(axis, Dim.of(sizes[i]));
      } else if (dim.isKnown()) {
        long chunk = (dim.size() + parts - 1) / parts; // opset 18: the last part takes what remains
        out.set(axis, Dim.of(i < parts - 1 ? chunk : dim.size() - chunk * (parts - 1)));
      } else {
        out.set(axis, n.freshSymbol());
      }
      n.output(i, n.type(0), out);
    }
  }

  /** Pad(data, pads[, constant_value[, axes]]): pads holds all begins, then all ends. */
  static void pad(NodeShapes n) {
    List<Dim> in = n.shape(0);
    long[] pads = n.hasAttr("pads") ? n.intsAttr("pads", null) : n.requireConstantInts(1, "pads");
    long[] axes = n.hasInput(3) ? n.requireConstantInts(3, "axes") : null;
    int count = axes != null ? axes.length : in.size();
    if (pads.length != 2 * count) {
      throw n.fail("pads " + java.util.Arrays.toString(pads) + " should hold " + 2 * count + " values");
    }
    List<Dim> out = new ArrayList<>(in);
    for (int k = 0; k < count; k++) {
      int axis = axes != null ? n.axis(axes[k], in.size()) : k;
      long added = pads[k] + pads[k + count];
      Dim d = in.get(axis);
      out.set(axis, added == 0 ? d : d.isKnown() ? Dim.of(d.size() + added) : n.freshSymbol());
    }
    n.output(0, n.type(0), out);
  }

  static void tile(NodeShapes n) {
    List<Dim> in = n.shape(0);
    long[] repeats = n.requireConstantInts(1, "repeats");
    List<Dim> out = new ArrayList<>();
    for (int i = 0; i < in.size(); i++) {
      Dim d = in.get(i);
      out.add(repeats[i] == 1 ? d : d.isKnown() ? Dim.of(d.size() * repeats[i]) : n.freshSymbol());
    }
    n.output(0, n.type(0), out);
  }

  /** Expand broadcasts the input to a shape, both ways (a 1 in the shape keeps the input's size). */
  static void expand(NodeShapes n) {
    List<Dim> in = n.shape(0);
    List<Dim> target = n.ints(1);
    if (target == null) {
      List<Dim> shapeOfShape = n.shape(1);
      if (shapeOfShape.size() != 1 || !shapeOfShape.get(0).isKnown()) {
        throw n.fail("the rank of its target shape is not known");
      }
      int rank = (int) Math.max(in.size(), shapeOfShape.get(0).size());
      target = new ArrayList<>();
      for (int i = 0; i < rank; i++) {
        target.add(n.freshSymbol());
      }
      List<Dim> out = new ArrayList<>();
      for (int i = 0; i < rank; i++) {
        int j = i - (rank - in.size());
        Dim d = j >= 0 ? in.get(j) : null;
        out.add(d != null && d.isKnown() && !d.is(1) ? d : target.get(i));
      }
      n.output(0, n.type(0), out);
      return;
    }
    n.output(0, n.type(0), ElementwiseShapes.broadcast(n, in, target));
  }

  /** Range(start, limit, delta): ceil((limit − start) / delta) elements, carried when small and known. */
  static void range(NodeShapes n) {
    List<Dim> start = n.ints(0);
    List<Dim> limit = n.ints(1);
    List<Dim> delta = n.ints(2);
    DataType type = n.type(0);
    boolean known = start != null && limit != null && delta != null && start.get(0).isKnown()
        && limit.get(0).isKnown() && delta.get(0).isKnown();
    if (!known) {
      boolean countIsLimit = start != null && start.get(0).is(0) && delta != null && delta.get(0).is(1)
          && limit != null;
      n.output(0, type, List.of(countIsLimit ? limit.get(0) : n.freshSymbol()));
      return;
    }
    long s = start.get(0).size();
    long d = delta.get(0).size();
    if (d == 0) {
      throw n.fail("delta is 0");
    }
    long count = Math.max(0, (long) Math.ceil((double) (limit.get(0).size() - s) / d));
    n.output(0, type, List.of(Dim.of(count)));
    if (count <= 64) {
      List<Dim> values = new ArrayList<>();
      for (long i = 0; i < count; i++) {
        values.add(Dim.of(s + i * d));
      }
      n.outputInts(0, values);
    }
  }
}
