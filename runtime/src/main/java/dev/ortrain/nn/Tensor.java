package dev.ortrain.nn;

import dev.ortrain.graph.DataType;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A value of a model being built: its element type and shape, known as soon as it is computed, so a shape
 * that does not fit fails at the line that made it. Tensors exist only inside {@link Module#forward} (or a
 * {@link FunctionalModel} definition); the operations mirror PyTorch's and add ONNX nodes.
 *
 * <pre>{@code
 * Tensor y = bn2.apply(conv2.apply(bn1.apply(conv1.apply(x)).relu()));
 * return y.add(x).relu();   // a residual connection
 * }</pre>
 */
public final class Tensor {
  private final Tracer tracer;
  private final String name;
  private final TensorType type;

  Tensor(Tracer tracer, String name, TensorType type) {
    this.tracer = tracer;
    this.name = name;
    this.type = type;
  }

  public Shape shape() {
    return type.shape();
  }

  public DataType dataType() {
    return type.dataType();
  }

  public TensorType type() {
    return type;
  }

  /** The name of the value in the ONNX graph. */
  public String name() {
    return name;
  }

  Tracer tracer() {
    return tracer;
  }

  /** {@code this + other}, broadcast as in NumPy: a residual connection, a bias, a positional embedding. */
  public Tensor add(Tensor other) {
    return elementwise("Add", "add", other);
  }

  public Tensor sub(Tensor other) {
    return elementwise("Sub", "subtract", other);
  }

  public Tensor mul(Tensor other) {
    return elementwise("Mul", "multiply", other);
  }

  public Tensor div(Tensor other) {
    return elementwise("Div", "divide", other);
  }

  /** {@code this · factor}. */
  public Tensor scale(double factor) {
    requireFloat("scale");
    return tracer.node("Mul", type, n -> {}, this, tracer.floatScalar((float) factor));
  }

  public Tensor relu() {
    requireFloat("relu");
    return tracer.node("Relu", type, n -> {}, this);
  }

  /**
   * The exact (erf) GELU, as {@code F.gelu}; emitted as ONNX Runtime's {@code com.microsoft.Gelu}, which has
   * a gradient kernel, since ONNX has Gelu only from opset 20.
   */
  public Tensor gelu() {
    requireFloat("gelu");
    return tracer.microsoftNode("Gelu", type, n -> {}, this);
  }

  /** Softmax along {@code axis} (negative counts from the end). */
  public Tensor softmax(int axis) {
    requireFloat("softmax");
    int a = Dims.axis(axis, shape().rank(), "softmax");
    return tracer.node("Softmax", type, n -> n.attr("axis", (long) a), this);
  }

  /** {@code this @ other}, batched over the leading dimensions. */
  public Tensor matmul(Tensor other) {
    requireFloat("matmul");
    other.requireFloat("matmul");
    return tracer.node("MatMul", TensorType.floats(Dims.matmul(shape(), other.shape())), n -> {}, this, other);
  }

  /** Every dimension after the batch in one: {@code [batch, c, h, w]} becomes {@code [batch, c·h·w]}. */
  public Tensor flatten() {
    requireKnownAfterBatch("flatten");
    Shape out = shape().withPerSample(shape().elementCount(1));
    return tracer.node("Flatten", new TensorType(dataType(), out), n -> n.attr("axis", 1L), this);
  }

  /**
   * Axes {@code start} to {@code end} merged into one, as {@code torch.flatten(x, start, end)}:
   * {@code logits.flatten(0, 1)} turns {@code [batch, length, vocab]} into {@code [batch·length, vocab]}.
   */
  public Tensor flatten(int start, int end) {
    int rank = shape().rank();
    int a = Dims.axis(start, rank, "flatten");
    int b = Dims.axis(end, rank, "flatten");
    if (a > b) {
      throw new IllegalArgumentException("flatten merges axes " + start + " to " + end + " of " + shape()
          + ", which run backwards; give the first axis first");
    }
    for (int i = b + 1; i < rank; i++) {
      if (!shape().isKnown(i)) {
        throw new ShapeMismatchException("flatten needs the axes after the merged ones known but gets " + shape()
            + "; merge the unknown axis too");
      }
    }
    List<Object> dims = new ArrayList<>(shape().dims().subList(0, a));
    long[] target = new long[rank - (b - a)];
    dims.add(merged(a, b));
    target[a] = dims.get(a) instanceof Long known ? known : -1;
    for (int i = b + 1; i < rank; i++) {
      dims.add(shape().size(i));
      target[i - (b - a)] = shape().size(i);
    } // the axes before the merged ones are 0, which copies them (Reshape's allowzero = 0)
    return tracer.node("Reshape", new TensorType(dataType(), Dims.shape(dims)), n -> {}, this,
        tracer.int64s(target));
  }

  /**
   * The positions {@code 0, 1, ..., n − 1} of {@code axis} (of known size n) as int64 {@code [n]}, as
   * {@code torch.arange(x.shape[axis])}: the input of a learned positional {@link Embedding}.
   */
  public Tensor positions(int axis) {
    int a = Dims.axis(axis, shape().rank(), "positions");
    if (!shape().isKnown(a)) {
      throw new ShapeMismatchException("positions numbers the entries of axis " + a + " of " + shape()
          + ", whose size is unknown; give the model input a fixed length");
    }
    long[] positions = java.util.stream.LongStream.range(0, shape().size(a)).toArray();
    return tracer.constant(dev.ortrain.graph.Tensors.int64s("positions", new long[] {positions.length}, positions),
        new TensorType(DataType.INT64, Shape.of(positions.length)));
  }

  /** The same values in the per-sample shape {@code perSample}; the batch dimension is kept. */
  public Tensor reshape(long... perSample) {
    requireKnownAfterBatch("reshape");
    long count = Arrays.stream(perSample).reduce(1, (a, b) -> a * b);
    if (count != shape().elementCount(1)) {
      throw new ShapeMismatchException("cannot reshape " + shape() + " to [batch, " + join(perSample) + "]: a"
          + " sample has " + shape().elementCount(1) + " values, the new shape " + count + "; keep the product of"
          + " the dimensions after the batch");
    }
    long[] target = new long[perSample.length + 1]; // 0 copies the batch dimension (Reshape's allowzero = 0)
    System.arraycopy(perSample, 0, target, 1, perSample.length);
    return tracer.node("Reshape", new TensorType(dataType(), shape().withPerSample(perSample)), n -> {}, this,
        tracer.int64s(target));
  }

  /** Swaps two axes, as {@code torch.transpose}. */
  public Tensor transpose(int first, int second) {
    int rank = shape().rank();
    int a = Dims.axis(first, rank, "transpose");
    int b = Dims.axis(second, rank, "transpose");
    long[] perm = new long[rank];
    List<Object> dims = new ArrayList<>(shape().dims());
    for (int i = 0; i < rank; i++) {
      perm[i] = i == a ? b : i == b ? a : i;
    }
    dims.set(a, shape().dims().get(b));
    dims.set(b, shape().dims().get(a));
    return tracer.node("Transpose", new TensorType(dataType(), Dims.shape(dims)), n -> n.ints("perm", perm), this);
  }

  /** A new axis of size 1 at {@code axis} (counted in the result). */
  public Tensor unsqueeze(int axis) {
    int a = Dims.axis(axis, shape().rank() + 1, "unsqueeze");
    List<Object> dims = new ArrayList<>(shape().dims());
    dims.add(a, 1L);
    return tracer.node("Unsqueeze", new TensorType(dataType(), Dims.shape(dims)), n -> {}, this,
        tracer.int64s(a));
  }

  /**
   * This tensor, of batch size 1, repeated over the batch of {@code like}, as PyTorch's
   * {@code cls.expand(x.shape[0], -1, -1)}: a ViT's class token made one per sample. The gradient sums over
   * the batch.
   */
  public Tensor expandBatch(Tensor like) {
    if (shape().rank() < 1 || !shape().isKnown(0) || shape().size(0) != 1 || like.shape().rank() < 1) {
      throw new ShapeMismatchException("expandBatch repeats a tensor of batch size 1 over the batch of another,"
          + " but gets " + shape() + " to repeat over " + like.shape() + "; give the repeated tensor a leading"
          + " axis of size 1, e.g. a parameter of shape [1, 1, d]");
    }
    List<Object> dims = new ArrayList<>(shape().dims());
    dims.set(0, like.shape().dims().get(0));
    Tensor batch = tracer.node("Shape", new TensorType(DataType.INT64, Shape.of(1)),
        n -> n.attr("start", 0L).attr("end", 1L), like);
    Tensor target = batch;
    if (shape().rank() > 1) { // ones after the batch: Expand broadcasts them to this tensor's sizes
      long[] ones = new long[shape().rank() - 1];
      Arrays.fill(ones, 1L);
      target = tracer.node("Concat", new TensorType(DataType.INT64, Shape.of(shape().rank())),
          n -> n.attr("axis", 0L), batch, tracer.int64s(ones));
    }
    return tracer.node("Expand", new TensorType(dataType(), Dims.shape(dims)), n -> {}, this, target);
  }

  /** The sum over {@code axis}, which is removed. */
  public Tensor sum(int axis) {
    requireFloat("sum");
    int a = Dims.axis(axis, shape().rank(), "sum");
    return tracer.node("ReduceSum", TensorType.floats(without(a)), n -> n.attr("keepdims", 0L), this,
        tracer.int64s(a));
  }

  /** The mean over {@code axis}, which is removed. */
  public Tensor mean(int axis) {
    requireFloat("mean");
    int a = Dims.axis(axis, shape().rank(), "mean");
    return tracer.node("ReduceMean", TensorType.floats(without(a)), n -> n.ints("axes", a).attr("keepdims", 0L),
        this);
  }

  /** {@code length} entries of {@code axis} from {@code start}, as {@code torch.narrow}. */
  public Tensor narrow(int axis, long start, long length) {
    int a = Dims.axis(axis, shape().rank(), "narrow");
    if (!shape().isKnown(a) || start < 0 || length < 1 || start + length > shape().size(a)) {
      throw new ShapeMismatchException("cannot take " + length + " entries from " + start + " of axis " + a
          + " of " + shape() + "; stay within the axis's known size");
    }
    List<Object> dims = new ArrayList<>(shape().dims());
    dims.set(a, length);
    return tracer.node("Slice", new TensorType(dataType(), Dims.shape(dims)), n -> {}, this,
        tracer.int64s(start), tracer.int64s(start + length), tracer.int64s(a));
  }

  /**
   * The entry {@code index} of {@code axis} (negative counts from the end), the axis removed, as
   * {@code torch.select}: {@code x.select(1, -1)} is PyTorch's {@code x[:, -1]}.
   */
  public Tensor select(int axis, long index) {
    int a = Dims.axis(axis, shape().rank(), "select");
    long size = shape().isKnown(a) ? shape().size(a) : -1;
    long resolved = index < 0 && size > 0 ? index + size : index;
    if (size < 0 || resolved < 0 || resolved >= size) {
      throw new ShapeMismatchException("cannot select entry " + index + " of axis " + a + " of " + shape()
          + "; select from an axis of known size, from " + -Math.max(size, 1) + " to " + (size - 1));
    }
    Tensor entry = narrow(a, resolved, 1);
    return tracer.node("Squeeze", new TensorType(dataType(), without(a)), n -> {}, entry, tracer.int64s(a));
  }

  /** Where {@code mask} is true, {@code value}; elsewhere this tensor (the mask broadcasts). */
  public Tensor maskedFill(Tensor mask, float value) {
    requireFloat("maskedFill");
    mask.requireType(DataType.BOOL, "maskedFill's mask");
    Shape out = Dims.broadcast("mask", shape(), mask.shape());
    if (!out.equals(shape())) {
      throw new ShapeMismatchException("cannot fill " + shape() + " under a mask of shape " + mask.shape()
          + ": the mask must broadcast to the tensor without growing it; unsqueeze the mask's missing axes");
    }
    return tracer.node("Where", type, n -> {}, mask, tracer.floatScalar(value), this);
  }

  /** Elementwise {@code this == value} for integer tensors (token ids): a boolean mask. */
  public Tensor equal(long value) {
    requireType(DataType.INT64, "equal");
    return tracer.node("Equal", new TensorType(DataType.BOOL, shape()), n -> {}, this, tracer.int64s(value));
  }

  /** The logical negation of a boolean mask. */
  public Tensor not() {
    requireType(DataType.BOOL, "not");
    return tracer.node("Not", type, n -> {}, this);
  }

  /** The values as float (a mask as 0 and 1). */
  public Tensor toFloat() {
    return tracer.node("Cast", TensorType.floats(shape()), n -> n.attr("to", (long) DataType.FLOAT.onnxCode()),
        this);
  }

  /** The tensors joined along {@code axis}; their other dimensions must be equal (a U-Net's skip connection). */
  public static Tensor concat(int axis, Tensor... parts) {
    if (parts.length < 2) {
      throw new IllegalArgumentException("concat joins two or more tensors, got " + parts.length);
    }
    Shape first = parts[0].shape();
    int a = Dims.axis(axis, first.rank(), "concat");
    long joined = 0;
    for (Tensor p : parts) {
      List<Object> mine = new ArrayList<>(p.shape().dims());
      List<Object> theirs = new ArrayList<>(first.dims());
      if (mine.size() != theirs.size() || !p.shape().isKnown(a)) {
        throw new ShapeMismatchException("cannot concatenate " + first + " and " + p.shape() + " along axis "
            + a + ": they need the same rank and a known size on that axis");
      }
      mine.set(a, 0L);
      theirs.set(a, 0L);
      if (!mine.equals(theirs)) {
        throw new ShapeMismatchException("cannot concatenate " + first + " and " + p.shape() + " along axis "
            + a + ": every other dimension must be equal; resize or crop one of them");
      }
      p.requireType(parts[0].dataType(), "concat");
      joined += p.shape().size(a);
    }
    List<Object> dims = new ArrayList<>(first.dims());
    dims.set(a, joined);
    return parts[0].tracer.node("Concat", new TensorType(parts[0].dataType(), Dims.shape(dims)),
        n -> n.attr("axis", (long) a), parts);
  }

  @Override
  public String toString() {
    return name + " " + type;
  }

  private Tensor elementwise(String opType, String operation, Tensor other) {
    requireFloat(operation);
    other.requireFloat(operation);
    return tracer.node(opType, TensorType.floats(Dims.broadcast(operation, shape(), other.shape())), n -> {},
        this, other);
  }

  /** The size of axes a to b merged: their product, or a symbol such as {@code batch*6} if one is unknown. */
  private Object merged(int a, int b) {
    long product = 1;
    StringBuilder symbol = new StringBuilder();
    for (int i = a; i <= b; i++) {
      Object d = shape().dims().get(i);
      if (d instanceof Long known) {
        product *= known;
      } else {
        symbol.append(symbol.length() == 0 ? "" : "*").append(d);
      }
    }
    return symbol.length() == 0 ? (Object) product : product == 1 ? symbol.toString() : symbol + "*" + product;
  }

  private Shape without(int axis) {
    List<Object> dims = new ArrayList<>(shape().dims());
    dims.remove(axis);
    return Dims.shape(dims);
  }

  private void requireFloat(String operation) {
    requireType(DataType.FLOAT, operation);
  }

  private void requireType(DataType wanted, String operation) {
    if (dataType() != wanted) {
      throw new ShapeMismatchException(operation + " takes " + lower(wanted) + " values but gets " + lower(dataType())
          + " " + shape() + "; convert with toFloat() or compare token ids with equal(...) first");
    }
  }

  private void requireKnownAfterBatch(String operation) {
    for (int i = 1; i < shape().rank(); i++) {
      if (!shape().isKnown(i)) {
        throw new ShapeMismatchException(operation + " needs every dimension after the batch known but gets "
            + shape() + "; give the model input a fixed size there");
      }
    }
  }

  private static String lower(DataType t) {
    return t.name().toLowerCase(java.util.Locale.ROOT);
  }

  private static String join(long[] dims) {
    return String.join(", ", Arrays.stream(dims).mapToObj(Long::toString).toList());
  }
}
