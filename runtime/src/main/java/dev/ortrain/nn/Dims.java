package dev.ortrain.nn;

import dev.ortrain.graph.Shape;
import dev.ortrain.onnx.proto.Onnx.TensorShapeProto;
import java.util.ArrayList;
import java.util.List;

/**
 * Shape arithmetic of the tensor operations, on dimensions written as {@link Shape#dims()} does: a known
 * size (Long) or a symbol (String, the batch usually).
 */
final class Dims {
  private Dims() {}

  static Shape shape(List<Object> dims) {
    TensorShapeProto.Builder b = TensorShapeProto.newBuilder();
    for (Object d : dims) {
      if (d instanceof String symbol) {
        b.addDimBuilder().setDimParam(symbol);
      } else {
        b.addDimBuilder().setDimValue((Long) d);
      }
    }
    return Shape.fromProto(b.build());
  }

  /** An axis counted from the end when negative, as in PyTorch; fails outside the rank. */
  static int axis(int axis, int rank, String operation) {
    int resolved = axis < 0 ? axis + rank : axis;
    if (resolved < 0 || resolved >= rank) {
      throw new ShapeMismatchException(operation + " names axis " + axis + " of a tensor of rank " + rank
          + "; use an axis from " + -rank + " to " + (rank - 1));
    }
    return resolved;
  }

  /**
   * The shape of an elementwise operation under NumPy broadcasting: dimensions are aligned from the end and
   * must be equal or 1 in one of the two.
   */
  static Shape broadcast(String operation, Shape a, Shape b) {
    List<Object> x = a.dims();
    List<Object> y = b.dims();
    int rank = Math.max(x.size(), y.size());
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < rank; i++) {
      Object dx = i < rank - x.size() ? 1L : x.get(i - (rank - x.size()));
      Object dy = i < rank - y.size() ? 1L : y.get(i - (rank - y.size()));
      if (dx.equals(dy) || dy.equals(1L)) {
        out.add(dx);
      } else if (dx.equals(1L)) {
        out.add(dy);
      } else {
        throw new ShapeMismatchException("cannot " + operation + " " + a + " and " + b + ": their dimension "
            + i + " is " + dx + " and " + dy + "; make the shapes equal there or 1 in one of them (a 1x1"
            + " Conv2d or a Linear can change a channel or feature count)");
      }
    }
    return shape(out);
  }

  /** The shape of {@code a @ b}: [..., n, k] times [..., k, m], the leading dimensions broadcast. */
  static Shape matmul(Shape a, Shape b) {
    if (a.rank() < 2 || b.rank() < 2) {
      throw new ShapeMismatchException("cannot multiply " + a + " by " + b + ": matmul takes matrices or"
          + " batches of them (rank 2 or more); unsqueeze a vector first");
    }
    List<Object> x = a.dims();
    List<Object> y = b.dims();
    Object k = x.get(x.size() - 1);
    if (!k.equals(y.get(y.size() - 2))) {
      throw new ShapeMismatchException("cannot multiply " + a + " by " + b + ": the first's last dimension ("
          + k + ") must equal the second's next to last (" + y.get(y.size() - 2) + "); transpose one of them");
    }
    Shape batch = broadcast("multiply the batches of", shape(x.subList(0, x.size() - 2)),
        shape(y.subList(0, y.size() - 2)));
    List<Object> out = new ArrayList<>(batch.dims());
    out.add(x.get(x.size() - 2));
    out.add(y.get(y.size() - 1));
    return shape(out);
  }
}
