package dev.ortrain.layout;

import dev.ortrain.graph.Attributes;
import dev.ortrain.graph.DataType;
import dev.ortrain.graph.Domains;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.onnx.proto.Onnx.AttributeProto;
import dev.ortrain.onnx.proto.Onnx.ModelProto;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import dev.ortrain.onnx.proto.Onnx.OperatorSetIdProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a model's 2-D convolutions, and the pooling and element-wise ops that follow them, on ONNX Runtime's
 * channel-blocked (NCHWc) CPU kernels. ONNX Runtime's own NCHWc transform reorders constant weights once, so it
 * never reaches a training or eval graph, whose weights are inputs; here the weights are reordered inside the
 * graph on every run (a few thousand floats). A qualifying Conv becomes
 *
 * <pre>
 *   ReorderInput(X) → nchwc.Conv(·, reordered W, B) → blocked Y
 * </pre>
 *
 * and the blocked Y flows on through Relu, MaxPool, AveragePool, nearest Resize by integer factors
 * (nchwc.Upsample) and same-shape element-wise ops (Equal → Cast, Mul, Div, Add, Sub, and the ReluGrad, SigmoidGrad and
 * TanhGrad of ONNX Runtime's training ops): max pooling and its value-mask gradient
 * then run on the blocked tensor, and the gradient reaches the input-gradient Conv without a reorder. An upsampled
 * value that only element-wise ops read is upsampled along the width only and broadcast over rows, and a conv
 * weight gradient's batch-summed product reads the blocked dY's channel panels directly. A value is
 * reordered back to NCHW ({@code ReorderOutput}) just before its first consumer that needs NCHW, or straight to
 * NHWC when that consumer is a Transpose to channels-last.
 *
 * <p>On the benchmark CNN's second convolution (2 threads) the blocked forward conv was 1.2x and its
 * input-gradient conv 1.4x faster than the standard Conv kernel, reorders included; its max pooling with the
 * value-mask gradient 1.4x faster. A Conv qualifies when it is 2-D, ungrouped, its weight's type is known, its
 * output channels are a multiple of the block size and its input channels are too, or fewer than a block (then
 * the kernel reads the NCHW input as it is: a first layer's image). Pooling and element-wise ops need declared
 * types, to prove that no operand broadcasts across channels or space.
 *
 * <p>The block size is the CPU's (16 with AVX-512, 8 with AVX2): see {@link BlockSizeProbe}. Results equal the
 * standard kernels' up to float rounding.
 */
public final class BlockedLayout {
  private static final Set<String> ELEMENTWISE = Set.of("Mul", "Div", "Add", "Sub");
  /** ONNX Runtime's activation gradients (com.microsoft): element-wise on dY and a same-shaped saved tensor. */
  private static final Set<String> ELEMENTWISE_GRADIENTS = Set.of("ReluGrad", "SigmoidGrad", "TanhGrad");

  private final GraphBuilder g;
  private final int block;
  private final GraphQueries queries;
  /** NCHW value → its blocked twin. */
  private final Map<String, String> blocked = new HashMap<>();
  /** Values whose NCHW form no node defines yet (their producer now writes the blocked twin only). */
  private final Set<String> pending = new HashSet<>();
  /** Channel count of each pending value, for its ReorderOutput. */
  private final Map<String, Long> channels = new HashMap<>();
  private final List<NodeProto> out = new ArrayList<>();
  /** Nodes of a batch-summed product that {@link #batchSummedProduct} computes instead: skipped where they stand. */
  private final Set<NodeProto> superseded = Collections.newSetFromMap(new IdentityHashMap<>());
  /** The MatMul of each such product → the blocked value and the ReduceSum whose output the blocked form defines. */
  private final Map<NodeProto, Product> products = new IdentityHashMap<>();

  /**
   * Nearest upsamplings whose consumers broadcast them over rows instead (see {@link #rowBroadcastOnly}): the
   * value → its blocked form upsampled along the width only.
   */
  private final Map<String, RowUpsampled> rowUpsampled = new HashMap<>();

  /** A blocked value upsampled along the width; {@code rowFactor} rows of the full value share each row. */
  private record RowUpsampled(String value, long rowFactor, long channels) {}

  /** Σ_n rows[n] · X[n] as [N, H·W, C] channels-last, with X blocked. */
  private record Product(String x, NodeProto sum) {}

  private BlockedLayout(GraphBuilder g, int block) {
    this.g = g;
    this.block = block;
    this.queries = new GraphQueries(g);
  }

  /** The Conv nodes of a model that {@link #rewrite} moves to the blocked kernels at this block size. */
  public static List<NodeProto> candidates(ModelProto model, int blockSize) {
    return candidates(GraphBuilder.from(model.getGraph()), blockSize);
  }

  private static List<NodeProto> candidates(GraphBuilder g, int blockSize) {
    List<NodeProto> found = new ArrayList<>();
    for (NodeProto n : g.nodes()) {
      if (qualifyingConv(g, n, blockSize)) {
        found.add(n);
      }
    }
    return found;
  }

  /** The model with its qualifying Conv nodes (and what follows them) blocked, or the model itself. */
  public static ModelProto rewrite(ModelProto model, int blockSize) {
    if (blockSize < 4 || Integer.bitCount(blockSize) != 1) {
      throw new IllegalArgumentException("blockSize must be a power of two >= 4, got " + blockSize);
    }
    GraphBuilder g = GraphBuilder.from(model.getGraph());
    if (candidates(g, blockSize).isEmpty()) {
      return model;
    }
    new BlockedLayout(g, blockSize).run();
    ModelProto.Builder m = model.toBuilder().setGraph(g.build());
    if (m.getOpsetImportList().stream().noneMatch(o -> o.getDomain().equals(Domains.NCHWC))) {
      m.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(Domains.NCHWC).setVersion(Domains.NCHWC_OPSET));
    }
    return m.build();
  }

  private void run() {
    for (NodeProto n : List.copyOf(g.nodes())) {
      if (!convert(n)) {
        for (String in : n.getInputList()) {
          materialize(in);
        }
        out.add(n);
      }
    }
    g.outputs().forEach(v -> materialize(v.getName()));
    g.nodes().clear();
    g.nodes().addAll(out);
  }

  /** Emits the blocked form of {@code n} and answers true, or answers false (then n stays as it is). */
  private boolean convert(NodeProto n) {
    if (superseded.contains(n)) {
      return true;
    }
    if (products.containsKey(n)) {
      emitProduct(n, products.get(n));
      return true;
    }
    if (n.getDomain().equals(Domains.MICROSOFT) && ELEMENTWISE_GRADIENTS.contains(n.getOpType())) {
      return elementwise(n);
    }
    if (!n.getDomain().isEmpty() || GraphQueries.hasGraphAttribute(n)) {
      return false;
    }
    String y = n.getOutput(0);
    switch (n.getOpType()) {
      case "Conv" -> {
        if (!qualifyingConv(g, n, block)) {
          return false;
        }
        // Fewer input channels than a block: the kernel reads the NCHW input as it is (a first layer's image).
        String x = n.getInput(0);
        boolean nchwInput = g.typeOf(n.getInput(1)).shape().size(1) < block;
        if (nchwInput) {
          materialize(x);
        }
        List<String> inputs = new ArrayList<>(List.of(nchwInput ? x : blockedForm(x), reorderedFilter(n)));
        if (n.getInputCount() > 2 && !n.getInput(2).isEmpty()) {
          inputs.add(n.getInput(2));
        }
        emitBlocked(n, "Conv", inputs, n.getAttributeList(), g.typeOf(n.getInput(1)).shape().size(0));
        return true;
      }
      case "MaxPool", "AveragePool" -> {
        if (!blocked.containsKey(n.getInput(0)) || !GraphQueries.plainPool(n)) {
          return false;
        }
        emitBlocked(n, n.getOpType(), List.of(blocked.get(n.getInput(0))), n.getAttributeList(),
            channels.get(n.getInput(0)));
        return true;
      }
      case "Resize" -> {
        long[] factors = queries.nearestUpsampling(n);
        if (factors == null || !blocked.containsKey(n.getInput(0))) {
          return false;
        }
        if (factors[2] > 1 && rowBroadcastOnly(n)) {
          String source = blocked.get(n.getInput(0));
          String widened = source;
          if (factors[3] > 1) {
            widened = g.freshName(y + "_widened_blocked");
            out.add(node("Upsample", Domains.NCHWC, List.of(source), widened,
                List.of(Attributes.ints("scales", 1, 1, 1, factors[3]), Attributes.of("mode", "nearest"))));
          }
          rowUpsampled.put(y, new RowUpsampled(widened, factors[2], channels.get(n.getInput(0))));
          return true;
        }
        emitBlocked(n, "Upsample", List.of(blocked.get(n.getInput(0))),
            List.of(Attributes.ints("scales", factors), Attributes.of("mode", "nearest")), channels.get(n.getInput(0)));
        return true;
      }
      case "Transpose" -> {
        // NCHW → NHWC straight from the blocked tensor (a weight gradient's channels-last input): one pass.
        String x = n.getInput(0);
        if (!channels.containsKey(x) || !Arrays.equals(Attributes.getInts(n, "perm", null), new long[] {0, 2, 3, 1})) {
          return false;
        }
        if (batchSummedProduct(n)) {
          return true;
        }
        out.add(node("ReorderOutput", Domains.NCHWC, List.of(blocked.get(x)), y,
            List.of(Attributes.of("channels", channels.get(x)), Attributes.of("channels_last", 1L))));
        return true;
      }
      case "Relu" -> {
        if (!blocked.containsKey(n.getInput(0))) {
          return false;
        }
        emitStandard(n, List.of(blocked.get(n.getInput(0))), channels.get(n.getInput(0)));
        return true;
      }
      case "Cast" -> {
        if (!blocked.containsKey(n.getInput(0)) || Attributes.getInt(n, "to", 0) != DataType.FLOAT.onnxCode()) {
          return false;
        }
        emitStandard(n, List.of(blocked.get(n.getInput(0))), channels.get(n.getInput(0)));
        return true;
      }
      case "Equal" -> {
        // A bool result cannot be reordered back: only when every consumer is a Cast to float (which follows).
        return queries.castsOnly(y) && (rowBroadcast(n) || elementwise(n));
      }
      default -> {
        return ELEMENTWISE.contains(n.getOpType()) && (rowBroadcast(n) || elementwise(n));
      }
    }
  }

  /**
   * Whether every consumer of this upsampling's output is an element-wise op ({@code Equal} feeding casts to
   * float, Mul, Div, Add, Sub) with an operand of the same full size: then those ops read the value upsampled
   * along the width only, broadcast over each group of rows that shares it (the max-pool value-mask gradient's
   * {@code Equal(X, Upsample(Y))} and {@code Mul(mask, Upsample(share))}). ONNX Runtime's NCHWc nearest
   * upsampling runs on one thread; broadcasting over rows (runs of width × block contiguous values) costs the
   * element-wise ops less than the upsampled operand they no longer read. Pooled 256x32x14x14 → 28x28 (2
   * threads): upsampling 1.46 ms, along the width only 0.47 ms; Equal and Cast 2.9 ms on same-shaped operands,
   * 2.3 ms broadcast over row pairs; Mul 1.8 ms, 1.5 ms broadcast.
   */
  private boolean rowBroadcastOnly(NodeProto resize) {
    String y = resize.getOutput(0);
    TensorType type = g.typeOf(y);
    List<NodeProto> users = queries.consumers(y);
    if (type == null || !channelBlocked(type.shape()) || !type.shape().isKnown(3) || users.isEmpty()
        || queries.isGraphOutput(y)) {
      return false;
    }
    for (NodeProto u : users) {
      boolean op = u.getDomain().isEmpty() && (ELEMENTWISE.contains(u.getOpType())
          || u.getOpType().equals("Equal") && queries.castsOnly(u.getOutput(0)));
      if (!op || u.getInputCount() != 2 || u.getOutputCount() != 1 || u.getInput(0).equals(u.getInput(1))) {
        return false;
      }
      TensorType other = g.typeOf(u.getInput(u.getInput(0).equals(y) ? 1 : 0));
      if (other == null || !other.shape().equals(type.shape()) || other.dataType() != DataType.FLOAT) {
        return false;
      }
    }
    return true;
  }

  /** An element-wise op on a row-upsampled value and a full-size one, on the blocked views [rows, width·block]. */
  private boolean rowBroadcast(NodeProto n) {
    int at = rowUpsampled.containsKey(n.getInput(0)) ? 0 : rowUpsampled.containsKey(n.getInput(1)) ? 1 : -1;
    if (at < 0) {
      return false;
    }
    RowUpsampled up = rowUpsampled.get(n.getInput(at));
    String full = n.getInput(1 - at);
    String fullBlocked = blockedForm(full);
    String y = n.getOutput(0);
    long rowLength = g.typeOf(full).shape().size(3) * block;
    String fullRows = g.freshName(full + "_row_groups");
    out.add(node("Reshape", "", List.of(fullBlocked, g.int64s(y + "_row_groups_shape", -1, up.rowFactor(), rowLength)),
        fullRows, List.of()));
    String shared = g.freshName(n.getInput(at) + "_shared_rows");
    out.add(node("Reshape", "", List.of(up.value(), g.int64s(y + "_shared_rows_shape", -1, 1, rowLength)), shared,
        List.of()));
    List<String> inputs = at == 0 ? List.of(shared, fullRows) : List.of(fullRows, shared);
    String rows = g.freshName(y + "_rows");
    out.add(n.toBuilder().clearInput().addAllInput(inputs).setOutput(0, rows).setName(g.freshName(n.getName() + "_rows"))
        .build());
    String shape = g.freshName(y + "_blocked_shape");
    out.add(node("Shape", "", List.of(fullBlocked), shape, List.of()));
    String yb = g.freshName(y + "_blocked");
    out.add(node("Reshape", "", List.of(rows, shape), yb, List.of()));
    twin(y, yb, channels.containsKey(full) ? channels.get(full) : g.typeOf(full).shape().size(1));
    return true;
  }

  /** Completes a row-upsampled value to its full blocked form, for a consumer that needs it (none usually). */
  private void completeRows(String value) {
    RowUpsampled up = rowUpsampled.remove(value);
    if (up != null) {
      String vb = g.freshName(value + "_blocked");
      out.add(node("Upsample", Domains.NCHWC, List.of(up.value()), vb,
          List.of(Attributes.ints("scales", 1, 1, up.rowFactor(), 1), Attributes.of("mode", "nearest"))));
      twin(value, vb, up.channels());
    }
  }

  /**
   * Whether this Transpose to channels-last starts Σ_n A[n] · X[n] (a conv weight gradient's per-image product
   * summed over the batch, see dev.ortrain.gradients.ConvWeightGradient):
   *
   * <pre>
   *   ReduceSum(MatMul(A [N, R, H·W], Reshape(Transpose(X, 0 2 3 1), [-1, H·W, C])), axes 0, keepdims 0)
   * </pre>
   *
   * with nothing else reading the intermediate values. The blocked X viewed as [N, C/B, H·W, B] holds the
   * B-wide column panels of X channels-last, so the product is computed panel by panel from the blocked X, and
   * X is never reordered (on the benchmark CNN's first layer: 2.6 ms of reorder saved, 0.3 ms more MatMul,
   * batch 256). The Transpose and Reshape are skipped; the MatMul's place gets the blocked form.
   */
  private boolean batchSummedProduct(NodeProto transpose) {
    String x = transpose.getInput(0);
    TensorType xType = g.typeOf(x);
    NodeProto reshape = queries.soleConsumer(transpose.getOutput(0));
    if (xType == null || xType.shape().rank() != 4 || !xType.shape().isKnown(2) || !xType.shape().isKnown(3)
        || reshape == null || !reshape.getOpType().equals("Reshape") || reshape.getInputCount() != 2
        || !reshape.getInput(0).equals(transpose.getOutput(0))) {
      return false;
    }
    long positions = xType.shape().size(2) * xType.shape().size(3);
    NodeProto matMul = queries.soleConsumer(reshape.getOutput(0));
    if (!Arrays.equals(queries.int64Constant(reshape.getInput(1)), new long[] {-1, positions, channels.get(x)})
        || matMul == null || !matMul.getOpType().equals("MatMul") || !matMul.getDomain().isEmpty()
        || matMul.getInputCount() != 2 || !matMul.getInput(1).equals(reshape.getOutput(0))
        || matMul.getInput(0).equals(reshape.getOutput(0))) {
      return false;
    }
    TensorType rows = g.typeOf(matMul.getInput(0));
    long[] rowsShape = rows == null ? queries.int64Constant(queries.reshapeTarget(matMul.getInput(0))) : null;
    boolean rank3 = rows != null ? rows.shape().rank() == 3 : rowsShape != null && rowsShape.length == 3;
    NodeProto sum = queries.soleConsumer(matMul.getOutput(0));
    if (!rank3 || sum == null || !sum.getOpType().equals("ReduceSum") || !sum.getDomain().isEmpty()
        || sum.getInputCount() != 2 || !sum.getInput(0).equals(matMul.getOutput(0))
        || !Arrays.equals(queries.int64Constant(sum.getInput(1)), new long[] {0}) || Attributes.getInt(sum, "keepdims", 1) != 0) {
      return false;
    }
    superseded.add(reshape);
    superseded.add(sum);
    products.put(matMul, new Product(x, sum));
    return true;
  }

  private void emitProduct(NodeProto matMul, Product p) {
    String base = p.sum().getOutput(0);
    long c = channels.get(p.x());
    long positions = g.typeOf(p.x()).shape().size(2) * g.typeOf(p.x()).shape().size(3);
    String rows = matMul.getInput(0);
    materialize(rows);
    String panels = g.freshName(base + "_panels");
    out.add(node("Reshape", "", List.of(blocked.get(p.x()), g.int64s(base + "_panels_shape", -1, c / block, positions,
        block)), panels, List.of()));
    String rows4 = g.freshName(base + "_rows_per_panel");
    out.add(node("Unsqueeze", "", List.of(rows, g.int64s(base + "_panel_axis", 1)), rows4, List.of()));
    String perImage = g.freshName(base + "_panel_products");
    out.add(node("MatMul", "", List.of(rows4, panels), perImage, List.of()));
    String summed = g.freshName(base + "_panel_sums");
    out.add(node("ReduceSum", "", List.of(perImage, g.int64s(base + "_batch_axis", 0)), summed,
        List.of(Attributes.of("keepdims", 0L))));
    // [C/B, R, B] → [R, C/B, B] = [R, C]: a few hundred values.
    String moved = g.freshName(base + "_panels_moved");
    out.add(node("Transpose", "", List.of(summed), moved, List.of(Attributes.ints("perm", 1, 0, 2))));
    out.add(node("Reshape", "", List.of(moved, g.int64s(base + "_matrix_shape", 0, c)), base, List.of()));
  }

  /** Same-shape (or scalar) operands, at least one already blocked: the op runs on the blocked tensors. */
  private boolean elementwise(NodeProto n) {
    if (n.getInputCount() != 2 || n.getOutputCount() != 1) {
      return false;
    }
    TensorType result = g.typeOf(n.getOutput(0));
    if (result == null || !channelBlocked(result.shape())) {
      return false;
    }
    boolean anyBlocked = false;
    for (String in : n.getInputList()) {
      if (queries.scalar(in)) {
        continue;
      }
      TensorType t = g.typeOf(in);
      if (t == null || !t.shape().equals(result.shape()) || t.dataType() != DataType.FLOAT) {
        return false;
      }
      anyBlocked |= blocked.containsKey(in);
    }
    if (!anyBlocked) {
      return false;
    }
    List<String> inputs = new ArrayList<>();
    for (String in : n.getInputList()) {
      inputs.add(queries.scalar(in) ? in : blockedForm(in));
    }
    emitStandard(n, inputs, result.shape().size(1));
    return true;
  }

  private boolean channelBlocked(Shape s) {
    return s.rank() == 4 && s.isKnown(1) && s.size(1) % block == 0;
  }

  /** A standard-domain op on blocked operands; its output is the blocked twin of the original output. */
  private void emitStandard(NodeProto n, List<String> inputs, long outputChannels) {
    String y = n.getOutput(0);
    String yb = g.freshName(y + "_blocked");
    out.add(n.toBuilder().clearInput().addAllInput(inputs).setOutput(0, yb).setName(g.freshName(n.getName() + "_blocked"))
        .build());
    twin(y, yb, outputChannels);
  }

  private void emitBlocked(NodeProto n, String op, List<String> inputs, List<AttributeProto> attributes,
      long outputChannels) {
    String y = n.getOutput(0);
    String yb = g.freshName(y + "_blocked");
    out.add(node(op, Domains.NCHWC, inputs, yb, attributes));
    twin(y, yb, outputChannels);
  }

  private void twin(String y, String yb, long outputChannels) {
    blocked.put(y, yb);
    pending.add(y);
    channels.put(y, outputChannels);
  }

  /** The blocked twin of a value, reordering it (once) from NCHW when it has none yet. */
  private String blockedForm(String value) {
    completeRows(value);
    return blocked.computeIfAbsent(value, v -> {
      String vb = g.freshName(v + "_blocked");
      out.add(node("ReorderInput", Domains.NCHWC, List.of(v), vb, List.of()));
      return vb;
    });
  }

  /** Defines the NCHW form of a value whose producer was blocked, before its first NCHW consumer. */
  private void materialize(String value) {
    completeRows(value);
    if (pending.remove(value)) {
      out.add(node("ReorderOutput", Domains.NCHWC, List.of(blocked.get(value)), value,
          List.of(Attributes.of("channels", channels.get(value)))));
    }
  }

  /**
   * OIHW → OIHWBiBo ([O/B, I/B, H, W, Bi, Bo]), or OIHWBo ([O/B, I, H, W, Bo]) for fewer input channels than a
   * block, kept in a tensor of W's shape, which the NCHWc Conv reads.
   */
  private String reorderedFilter(NodeProto conv) {
    String w = conv.getInput(1);
    Shape ws = g.typeOf(w).shape();
    String base = conv.getOutput(0);
    String split = g.freshName(base + "_filter_split");
    String moved = g.freshName(base + "_filter_moved");
    String shape = g.freshName(base + "_filter_shape");
    String wb = g.freshName(base + "_filter_blocked");
    if (ws.size(1) < block) {
      String blocks = g.int64s(base + "_filter_blocks", ws.size(0) / block, block, ws.size(1), -1);
      out.add(node("Reshape", "", List.of(w, blocks), split, List.of()));
      out.add(node("Transpose", "", List.of(split), moved, List.of(Attributes.ints("perm", 0, 2, 3, 1))));
    } else {
      String blocks = g.int64s(base + "_filter_blocks", ws.size(0) / block, block, ws.size(1) / block, block, -1);
      out.add(node("Reshape", "", List.of(w, blocks), split, List.of()));
      out.add(node("Transpose", "", List.of(split), moved, List.of(Attributes.ints("perm", 0, 2, 4, 3, 1))));
    }
    out.add(node("Shape", "", List.of(w), shape, List.of()));
    out.add(node("Reshape", "", List.of(moved, shape), wb, List.of()));
    return wb;
  }

  private NodeProto node(String op, String domain, List<String> inputs, String output, List<AttributeProto> attrs) {
    NodeProto.Builder b = NodeProto.newBuilder().setOpType(op).setName(g.freshName(output + "_" + op))
        .addAllInput(inputs).addOutput(output).addAllAttribute(attrs);
    if (!domain.isEmpty()) {
      b.setDomain(domain);
    }
    return b.build();
  }

  static boolean qualifyingConv(GraphBuilder g, NodeProto n, int blockSize) {
    if (!n.getOpType().equals("Conv") || !n.getDomain().isEmpty() || n.getInputCount() < 2
        || Attributes.getInt(n, "group", 1) != 1 || n.getOutput(0).isEmpty()) {
      return false;
    }
    TensorType w = g.typeOf(n.getInput(1));
    if (w == null || w.shape().rank() != 4 || !w.shape().isKnown(0) || !w.shape().isKnown(1)
        || w.dataType() != DataType.FLOAT) {
      return false;
    }
    long in = w.shape().size(1);
    return w.shape().size(0) % blockSize == 0 && (in % blockSize == 0 || in < blockSize);
  }
}
