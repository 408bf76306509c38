package dev.ortrain.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.ortrain.graph.Domains;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.LayoutMark;
import dev.ortrain.graph.OnnxModels;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.graph.Tensors;
import dev.ortrain.onnx.proto.Onnx.ModelProto;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import dev.ortrain.ort.NativeLibrary;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BlockedLayoutTest {
  /**
   * x [1,16,6,6] → Conv 16→32 (qualifies) → Conv 32→32 group 2 (grouped: left) → Conv 32→8 (8 output channels:
   * qualifies at block 8 only) → y; plus a Conv from a 1-channel input (blocked, reading the NCHW image).
   */
  private static ModelProto model() {
    GraphBuilder g = new GraphBuilder("convs");
    String x = g.input("x", TensorType.floats(Shape.of(1, 16, 6, 6)));
    String image = g.input("image", TensorType.floats(Shape.of(1, 1, 6, 6)));
    String w1 = g.input("w1", TensorType.floats(Shape.of(32, 16, 3, 3)));
    String b1 = g.input("b1", TensorType.floats(Shape.of(32)));
    String w2 = g.initializer(Tensors.floats("w2", new long[] {32, 16, 3, 3}, values(32 * 16 * 9, 2)));
    String w3 = g.initializer(Tensors.floats("w3", new long[] {8, 32, 1, 1}, values(8 * 32, 3)));
    String w4 = g.initializer(Tensors.floats("w4", new long[] {16, 1, 3, 3}, values(16 * 9, 4)));
    String h1 = g.node("Conv").inputs(x, w1, b1).ints("pads", 1, 1, 1, 1).output("h1");
    String h2 = g.node("Conv").inputs(h1, w2).ints("pads", 1, 1, 1, 1).attr("group", 2L).output("h2");
    g.node("Conv").inputs(h2, w3).outputs("y");
    g.node("Conv").inputs(image, w4).ints("strides", 2, 2).outputs("z");
    g.output("y", TensorType.floats(Shape.of(1, 8, 6, 6)));
    g.output("z", TensorType.floats(Shape.of(1, 16, 2, 2)));
    return OnnxModels.model(g.build(), Map.of());
  }

  private static float[] values(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (r.nextDouble() - 0.5);
    }
    return v;
  }

  private static long count(ModelProto m, String domain, String op) {
    return m.getGraph().getNodeList().stream()
        .filter(n -> n.getDomain().equals(domain) && n.getOpType().equals(op)).count();
  }

  @Test
  void picksUngroupedConvolutionsWhoseChannelsFillBlocks() {
    ModelProto m = model();
    List<NodeProto> at16 = BlockedLayout.candidates(m, 16);
    List<NodeProto> at8 = BlockedLayout.candidates(m, 8);
    assertEquals(List.of("h1", "z"), at16.stream().map(n -> n.getOutput(0)).toList());
    assertEquals(List.of("h1", "y", "z"), at8.stream().map(n -> n.getOutput(0)).toList());
  }

  @Test
  void rewritesInPlaceKeepingOutputNamesAndImportsTheDomain() {
    ModelProto blocked = BlockedLayout.rewrite(model(), 8);
    assertEquals(3, count(blocked, Domains.NCHWC, "Conv"));
    assertEquals(2, count(blocked, Domains.NCHWC, "ReorderInput")); // not for the image
    assertEquals(3, count(blocked, Domains.NCHWC, "ReorderOutput"));
    assertEquals(1, count(blocked, "", "Conv")); // the grouped one
    assertTrue(blocked.getOpsetImportList().stream().anyMatch(o -> o.getDomain().equals(Domains.NCHWC)));
    // Topological order: every node input is a graph input, an initializer or an earlier node's output.
    java.util.Set<String> known = new java.util.HashSet<>();
    blocked.getGraph().getInputList().forEach(v -> known.add(v.getName()));
    blocked.getGraph().getInitializerList().forEach(t -> known.add(t.getName()));
    for (NodeProto n : blocked.getGraph().getNodeList()) {
      for (String in : n.getInputList()) {
        assertTrue(in.isEmpty() || known.contains(in), n.getName() + " reads " + in + " before it is defined");
      }
      known.addAll(n.getOutputList());
    }
    assertTrue(known.contains("h1") && known.contains("y"));
    // Rewriting twice does not add the opset import twice.
    ModelProto twice = BlockedLayout.rewrite(blocked, 8);
    assertEquals(1, twice.getOpsetImportList().stream().filter(o -> o.getDomain().equals(Domains.NCHWC)).count());
  }

  @Test
  void leavesModelsWithoutQualifyingConvolutionsUntouched() {
    GraphBuilder g = new GraphBuilder("none");
    String x = g.input("x", TensorType.floats(Shape.of(1, 4, 5, 5)));
    String w = g.input("w", TensorType.floats(Shape.of(4, 4, 3, 3)));
    g.node("Conv").inputs(x, w).outputs("y");
    String unknown = g.node("Identity").inputs(w).output("w_unknown"); // no known type
    g.node("Conv").inputs(x, unknown).outputs("y2");
    g.output("y", TensorType.floats(Shape.of(1, 4, 3, 3)));
    g.output("y2", TensorType.floats(Shape.of(1, 4, 3, 3)));
    ModelProto m = OnnxModels.model(g.build(), Map.of());
    assertSame(m, BlockedLayout.rewrite(m, 8));
    assertTrue(BlockedLayout.candidates(m, 8).isEmpty());
  }

  @Test
  void rejectsBlockSizesTheKernelsDoNotHave() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BlockedLayout.rewrite(model(), 12));
    assertTrue(e.getMessage().contains("power of two"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> BlockedLayout.rewrite(model(), 2));
  }

  @Test
  void blockedModelComputesWhatTheStandardOneDoesAtTheProbedBlockSize() throws Exception {
    OrtEnvironment env = NativeLibrary.environment();
    OptionalInt block = BlockSizeProbe.detect(env);
    String arch = System.getProperty("os.arch");
    if (arch.equals("amd64") || arch.equals("x86_64")) {
      assertTrue(block.isPresent(), "x86-64 builds of ONNX Runtime have NCHWc kernels");
      assertTrue(block.getAsInt() == 8 || block.getAsInt() == 16, "block " + block);
    }
    if (block.isEmpty()) {
      return; // nothing to compare on this CPU
    }
    ModelProto m = model();
    ModelProto blocked = BlockedLayout.rewrite(m, block.getAsInt());
    Map<String, float[]> feed = Map.of("x", values(16 * 36, 5), "image", values(36, 6),
        "w1", values(32 * 16 * 9, 7), "b1", values(32, 8));
    Map<String, long[]> shapes = Map.of("x", new long[] {1, 16, 6, 6}, "image", new long[] {1, 1, 6, 6},
        "w1", new long[] {32, 16, 3, 3}, "b1", new long[] {32});
    float[][] expected = run(env, m, feed, shapes);
    float[][] actual = run(env, blocked, feed, shapes);
    assertSameOutputs(expected, actual, "");
    // A wrong block size must not go unnoticed: the other candidate's layout gives other numbers. (Channels
    // that are multiples of both sizes, so that the kernels read only what the tensors hold.)
    int wrong = block.getAsInt() == 16 ? 8 : 16;
    GraphBuilder g = new GraphBuilder("one");
    g.input("x", TensorType.floats(Shape.of(1, 16, 6, 6)));
    g.input("w1", TensorType.floats(Shape.of(32, 16, 3, 3)));
    g.node("Conv").inputs("x", "w1").ints("pads", 1, 1, 1, 1).outputs("y");
    g.output("y", TensorType.floats(Shape.of(1, 32, 6, 6)));
    ModelProto one = OnnxModels.model(g.build(), Map.of());
    Map<String, float[]> oneFeed = Map.of("x", feed.get("x"), "w1", feed.get("w1"));
    float[] reference = run(env, one, oneFeed, shapes)[0];
    float[] right = run(env, BlockedLayout.rewrite(one, block.getAsInt()), oneFeed, shapes)[0];
    float[] mismatched = run(env, BlockedLayout.rewrite(one, wrong), oneFeed, shapes)[0];
    double rightError = 0;
    double wrongError = 0;
    for (int i = 0; i < reference.length; i++) {
      rightError = Math.max(rightError, Math.abs(reference[i] - right[i]));
      wrongError = Math.max(wrongError, Math.abs(reference[i] - mismatched[i]));
    }
    assertTrue(rightError < 1e-4, "block " + block + " differs by " + rightError);
    assertTrue(wrongError > 1e-2, "block " + wrong + " gave the same result (" + wrongError + ")");
  }

  /**
   * After a blocked conv: what follows it runs blocked only where the result cannot differ (plain pools, nearest
   * integer upsampling, same-shape or scalar operands, Equal feeding Cast to float); the rest reads NCHW.
   */
  @Test
  void opsAfterABlockedConvFollowItOnlyWhereTheLayoutCannotShow() throws Exception {
    GraphBuilder g = new GraphBuilder("after");
    TensorType full = TensorType.floats(Shape.of(1, 16, 4, 4));
    String h = paddedConv(g, full);
    g.valueType(h, full);
    String twice = g.node("Mul").inputs(h, g.scalar("two", 2f)).output("twice"); // scalar: blocked
    g.valueType(twice, full);
    String shifted = g.node("Add").inputs(twice, g.initializer(Tensors.floats("per_channel", new long[] {16, 1, 1},
        values(16, 9)))).output("shifted"); // broadcast across space: stays NCHW
    g.valueType(shifted, full);
    String relu = g.node("Relu").inputs(twice).output("relu"); // blocked
    String padded = g.node("MaxPool").inputs(relu).ints("kernel_shape", 2, 2).ints("strides", 2, 2)
        .ints("pads", 1, 1, 1, 1).output("padded"); // padding: stays NCHW
    String pooled = g.node("AveragePool").inputs(relu).ints("kernel_shape", 2, 2).ints("strides", 2, 2)
        .output("pooled"); // blocked
    String linear = g.node("Resize").inputs(pooled, "", g.initializer(Tensors.floats("up", new long[] {4}, 1, 1, 2, 2)))
        .attr("mode", "linear").output("linear"); // not nearest: stays NCHW
    String same = g.node("Equal").inputs(h, twice).output("same"); // read by Not: stays NCHW
    g.valueType(same, new TensorType(dev.ortrain.graph.DataType.BOOL, full.shape()));
    String different = g.node("Not").inputs(same).output("different");
    String counted = g.node("Cast").inputs(h).attr("to", (long) dev.ortrain.graph.DataType.INT64.onnxCode())
        .output("counted"); // not to float: stays NCHW
    g.output(shifted, full);
    g.output(padded, TensorType.floats(Shape.of(1, 16, 3, 3)));
    g.output(linear, full);
    g.output(different, new TensorType(dev.ortrain.graph.DataType.BOOL, full.shape()));
    g.output(counted, new TensorType(dev.ortrain.graph.DataType.INT64, full.shape()));
    // To channels-last: one ReorderOutput writes NHWC; any other permutation reads the NCHW form.
    g.node("Transpose").inputs(twice).ints("perm", 0, 2, 3, 1).outputs("nhwc");
    g.node("Transpose").inputs(twice).ints("perm", 0, 1, 3, 2).outputs("swapped");
    g.output("nhwc", TensorType.floats(Shape.of(1, 4, 4, 16)));
    // ONNX Runtime's element-wise activation gradient, both operands blocked: blocked.
    g.valueType(relu, full);
    String reluGrad = g.msNode("ReluGrad").inputs(twice, relu).output("relu_grad");
    g.valueType(reluGrad, full);
    g.output(reluGrad, full);
    g.output("swapped", full);
    ModelProto m = OnnxModels.model(g.build(), Map.of());
    ModelProto b = BlockedLayout.rewrite(m, 16);
    assertEquals(List.of("Conv", "Mul", "Relu", "AveragePool", "ReluGrad"), b.getGraph().getNodeList().stream()
        .filter(n -> n.getOutput(0).endsWith("_blocked") && !n.getOutput(0).contains("_filter_")
            && !n.getOpType().equals("ReorderInput"))
        .map(NodeProto::getOpType).toList());
    NodeProto toNhwc = b.getGraph().getNodeList().stream().filter(n -> n.getOutput(0).equals("nhwc")).findFirst()
        .orElseThrow();
    assertEquals("ReorderOutput", toNhwc.getOpType());
    assertEquals(1L, dev.ortrain.graph.Attributes.getInt(toNhwc, "channels_last", 0));
    assertEquals("Transpose", b.getGraph().getNodeList().stream().filter(n -> n.getOutput(0).equals("swapped"))
        .findFirst().orElseThrow().getOpType());
    OrtEnvironment env = NativeLibrary.environment();
    OptionalInt block = BlockSizeProbe.detect(env);
    if (block.isEmpty()) {
      return;
    }
    ModelProto atBlock = BlockedLayout.rewrite(m, block.getAsInt());
    Map<String, float[]> feed = Map.of("x", values(16 * 16, 1), "w", values(16 * 16 * 9, 2));
    Map<String, long[]> shapes = Map.of("x", new long[] {1, 16, 4, 4}, "w", new long[] {16, 16, 3, 3});
    float[][] expected = run(env, m, feed, shapes, Set.of(0, 1, 2, 5, 6, 7));
    float[][] actual = run(env, atBlock, feed, shapes, Set.of(0, 1, 2, 5, 6, 7));
    assertSameOutputs(expected, actual, "");
  }

  /**
   * Σ_n A[n] · X[n] channels-last (a conv weight gradient's batch-summed product) over a blocked X: computed on
   * the blocked panels without reordering X, unless another node reads an intermediate value. 32 channels, so
   * that there are several panels at either block size.
   */
  @Test
  void batchSummedProductOfABlockedValueReadsItsPanels() throws Exception {
    for (boolean shared : new boolean[] {false, true}) {
      GraphBuilder g = new GraphBuilder("product");
      g.input("x", TensorType.floats(Shape.of(2, 16, 5, 5)));
      g.input("w", TensorType.floats(Shape.of(32, 16, 3, 3)));
      g.input("a", TensorType.floats(Shape.of(2, 3, 25)));
      String h = g.node("Conv").inputs("x", "w").ints("pads", 1, 1, 1, 1).output("h");
      g.valueType(h, TensorType.floats(Shape.of(2, 32, 5, 5)));
      String last = g.node("Transpose").inputs(h).ints("perm", 0, 2, 3, 1).output("last");
      String rows = g.node("Reshape").inputs(last, g.int64s("rows_shape", -1, 25, 32)).output("rows");
      String perImage = g.node("MatMul").inputs("a", rows).output(LayoutMark.BATCH_SUMMED_PRODUCT.output("w"));
      g.node("ReduceSum").inputs(perImage, g.int64s("batch", 0)).attr("keepdims", 0L).outputs("y");
      g.output("y", TensorType.floats(Shape.of(3, 32)));
      if (shared) {
        g.node("Neg").inputs(rows).outputs("negated");
        g.output("negated", TensorType.floats(Shape.of(2, 25, 32)));
      }
      ModelProto m = OnnxModels.model(g.build(), Map.of());
      for (int b : new int[] {8, 16}) {
        ModelProto rewritten = BlockedLayout.rewrite(m, b);
        long panelProducts = rewritten.getGraph().getNodeList().stream()
            .filter(n -> n.getOutput(0).contains("_panel_products")).count();
        long reorders = count(rewritten, Domains.NCHWC, "ReorderOutput");
        assertEquals(shared ? 0 : 1, panelProducts, "block " + b + ", shared " + shared);
        assertEquals(shared ? 1 : 0, reorders, "block " + b + ", shared " + shared);
      }
      OrtEnvironment env = NativeLibrary.environment();
      OptionalInt block = BlockSizeProbe.detect(env);
      if (block.isEmpty()) {
        continue;
      }
      Map<String, float[]> feed = Map.of("x", values(2 * 16 * 25, 11), "w", values(32 * 16 * 9, 12),
          "a", values(2 * 3 * 25, 13));
      Map<String, long[]> shapes = Map.of("x", new long[] {2, 16, 5, 5}, "w", new long[] {32, 16, 3, 3},
          "a", new long[] {2, 3, 25});
      float[][] expected = run(env, m, feed, shapes);
      float[][] actual = run(env, BlockedLayout.rewrite(m, block.getAsInt()), feed, shapes);
      assertSameOutputs(expected, actual, ", shared " + shared);
    }
  }

  /**
   * A value reordered in for a blocked Conv (here its input x) keeps its channel panels for later readers: a
   * batch-summed product of it reads them, and a Transpose of it to channels-last is one ReorderOutput. A
   * batch-summed product of an NCHW value whose channels are whole blocks reorders it in and reads its panels.
   */
  @Test
  void aValueReorderedInIsReadFromItsPanelsLater() throws Exception {
    GraphBuilder g = new GraphBuilder("reordered in");
    g.input("x", TensorType.floats(Shape.of(2, 32, 5, 5)));
    g.input("w", TensorType.floats(Shape.of(16, 32, 3, 3)));
    g.input("a", TensorType.floats(Shape.of(2, 3, 25)));
    g.node("Conv").inputs("x", "w").ints("pads", 1, 1, 1, 1).outputs("h");
    g.output("h", TensorType.floats(Shape.of(2, 16, 5, 5)));
    String last = g.node("Transpose").inputs("x").ints("perm", 0, 2, 3, 1).output("last");
    String rows = g.node("Reshape").inputs(last, g.int64s("rows_shape", -1, 25, 32)).output("rows");
    String perImage = g.node("MatMul").inputs("a", rows).output(LayoutMark.BATCH_SUMMED_PRODUCT.output("w"));
    g.node("ReduceSum").inputs(perImage, g.int64s("batch", 0)).attr("keepdims", 0L).outputs("y");
    g.output("y", TensorType.floats(Shape.of(3, 32)));
    g.node("Transpose").inputs("x").ints("perm", 0, 2, 3, 1).outputs("nhwc");
    g.output("nhwc", TensorType.floats(Shape.of(2, 5, 5, 32)));
    // An NCHW value no Conv reads, its channels whole blocks: reordered in for the product's panels.
    g.input("u", TensorType.floats(Shape.of(2, 16, 5, 5)));
    String uLast = g.node("Transpose").inputs("u").ints("perm", 0, 2, 3, 1).output("u_last");
    String uRows = g.node("Reshape").inputs(uLast, g.int64s("u_rows_shape", -1, 25, 16)).output("u_rows");
    String uProduct = g.node("MatMul").inputs("a", uRows).output(LayoutMark.BATCH_SUMMED_PRODUCT.output("v"));
    g.node("ReduceSum").inputs(uProduct, g.int64s("u_batch", 0)).attr("keepdims", 0L).outputs("z");
    g.output("z", TensorType.floats(Shape.of(3, 16)));
    ModelProto m = OnnxModels.model(g.build(), Map.of());
    for (int b : new int[] {8, 16}) {
      ModelProto rewritten = BlockedLayout.rewrite(m, b);
      assertEquals(2, rewritten.getGraph().getNodeList().stream()
          .filter(n -> n.getOutput(0).contains("_panel_products")).count(), "block " + b);
      assertEquals(2, count(rewritten, Domains.NCHWC, "ReorderInput"), "block " + b);
      assertEquals("ReorderOutput", rewritten.getGraph().getNodeList().stream()
          .filter(n -> n.getOutput(0).equals("nhwc")).findFirst().orElseThrow().getOpType(), "block " + b);
    }
    OrtEnvironment env = NativeLibrary.environment();
    OptionalInt block = BlockSizeProbe.detect(env);
    if (block.isEmpty()) {
      return; // nothing to compare on this CPU
    }
    Map<String, float[]> feed = Map.of("x", values(2 * 32 * 25, 41), "w", values(16 * 32 * 9, 42),
        "a", values(2 * 3 * 25, 43), "u", values(2 * 16 * 25, 44));
    Map<String, long[]> shapes = Map.of("x", new long[] {2, 32, 5, 5}, "w", new long[] {16, 32, 3, 3},
        "a", new long[] {2, 3, 25}, "u", new long[] {2, 16, 5, 5});
    assertSameOutputs(run(env, m, feed, shapes), run(env, BlockedLayout.rewrite(m, block.getAsInt()), feed, shapes),
        "");
  }

  /**
   * The max-pool value mask's upsamplings: read by element-wise ops only, each is upsampled along the width
   * and broadcast over row pairs; one that something else reads too (here: a graph output) is upsampled whole.
   */
  @Test
  void upsamplingReadOnlyByElementwiseOpsIsBroadcastOverRows() throws Exception {
    for (boolean shared : new boolean[] {false, true}) {
      GraphBuilder g = new GraphBuilder("mask");
      TensorType full = TensorType.floats(Shape.of(2, 16, 6, 6));
      TensorType pooled = TensorType.floats(Shape.of(2, 16, 3, 3));
      String h = paddedConv(g, full);
      String p = g.node("MaxPool").inputs(h).ints("kernel_shape", 2, 2).ints("strides", 2, 2).output("p");
      String scales = g.initializer(Tensors.floats("scales", new long[] {4}, 1, 1, 2, 2));
      String up = upsample(g, p, scales, "up");
      String eq = g.node("Equal").inputs(h, up).output("eq");
      String mask = g.node("Cast").inputs(eq).attr("to", (long) dev.ortrain.graph.DataType.FLOAT.onnxCode())
          .output("mask");
      String fraction = g.node("AveragePool").inputs(mask).ints("kernel_shape", 2, 2).ints("strides", 2, 2)
          .output("fraction");
      String fractionUp = upsample(g, fraction, scales, "fraction_up");
      String routed = g.node("Mul").inputs(fractionUp, mask).output("routed");
      for (String v : new String[] {h, up, mask, fractionUp, routed}) {
        g.valueType(v, full);
      }
      g.valueType(eq, new TensorType(dev.ortrain.graph.DataType.BOOL, full.shape()));
      g.valueType(p, pooled);
      g.valueType(fraction, pooled);
      g.output(routed, full);
      if (shared) {
        g.output(up, full);
      }
      ModelProto m = OnnxModels.model(g.build(), Map.of());
      ModelProto b = BlockedLayout.rewrite(m, 16);
      List<String> upsamplings = b.getGraph().getNodeList().stream()
          .filter(n -> n.getDomain().equals(Domains.NCHWC) && n.getOpType().equals("Upsample"))
          .map(n -> java.util.Arrays.toString(dev.ortrain.graph.Attributes.getInts(n, "scales", null))).toList();
      assertEquals(shared ? List.of("[1, 1, 2, 2]", "[1, 1, 1, 2]") : List.of("[1, 1, 1, 2]", "[1, 1, 1, 2]"),
          upsamplings);
      assertEquals(0, count(b, "", "Resize"));
      OrtEnvironment env = NativeLibrary.environment();
      OptionalInt block = BlockSizeProbe.detect(env);
      if (block.isEmpty()) {
        continue;
      }
      // Inputs with ties inside pooling windows (a zero image: every conv output equals its neighbours).
      float[] x = values(2 * 16 * 36, 21);
      java.util.Arrays.fill(x, 0, 16 * 36, 0f);
      Map<String, float[]> feed = Map.of("x", x, "w", values(16 * 16 * 9, 22));
      Map<String, long[]> shapes = Map.of("x", new long[] {2, 16, 6, 6}, "w", new long[] {16, 16, 3, 3});
      float[][] expected = run(env, m, feed, shapes);
      float[][] actual = run(env, BlockedLayout.rewrite(m, block.getAsInt()), feed, shapes);
      assertSameOutputs(expected, actual, ", shared " + shared);
    }
  }

  /** Upsampling the height only: the pooled value itself is broadcast over row pairs, with no upsampling op. */
  @Test
  void heightOnlyUpsamplingNeedsNoUpsamplingOp() throws Exception {
    GraphBuilder g = new GraphBuilder("rows");
    TensorType full = TensorType.floats(Shape.of(2, 16, 6, 4));
    String h = paddedConv(g, full);
    String p = g.node("MaxPool").inputs(h).ints("kernel_shape", 2, 1).ints("strides", 2, 1).output("p");
    String up = upsample(g, p, g.initializer(Tensors.floats("scales", new long[] {4}, 1, 1, 2, 1)), "up");
    String below = g.node("Sub").inputs(h, up).output("below");
    for (String v : new String[] {h, up, below}) {
      g.valueType(v, full);
    }
    g.valueType(p, TensorType.floats(Shape.of(2, 16, 3, 4)));
    g.output(below, full);
    ModelProto m = OnnxModels.model(g.build(), Map.of());
    ModelProto b = BlockedLayout.rewrite(m, 16);
    assertEquals(0, count(b, Domains.NCHWC, "Upsample"));
    assertEquals(0, count(b, "", "Resize"));
    OrtEnvironment env = NativeLibrary.environment();
    OptionalInt block = BlockSizeProbe.detect(env);
    if (block.isEmpty()) {
      return;
    }
    Map<String, float[]> feed = Map.of("x", values(2 * 16 * 24, 31), "w", values(16 * 16 * 9, 32));
    Map<String, long[]> shapes = Map.of("x", new long[] {2, 16, 6, 4}, "w", new long[] {16, 16, 3, 3});
    assertSameOutputs(run(env, m, feed, shapes), run(env, BlockedLayout.rewrite(m, block.getAsInt()), feed, shapes),
        "");
  }

  /**
   * A strided convolution's input gradient as StridedInputGradient writes it: a Conv to 4 phases of 16 channels
   * each, DepthToSpace by 2 (a Transpose of the blocked panels), and its Sum with another blocked gradient; the
   * Sum runs blocked and the result is reordered once.
   */
  @Test
  void depthToSpaceAndSumOfBlockedValuesComputeWhatTheStandardOpsDo() throws Exception {
    OrtEnvironment env = NativeLibrary.environment();
    OptionalInt block = BlockSizeProbe.detect(env);
    if (block.isEmpty()) {
      return; // nothing to compare on this CPU
    }
    GraphBuilder g = new GraphBuilder("phases");
    g.input("dy", TensorType.floats(Shape.of(2, 16, 3, 3)));
    g.input("w", TensorType.floats(Shape.of(64, 16, 2, 2)));
    g.input("v", TensorType.floats(Shape.of(16, 16, 3, 3)));
    String phases = g.node("Conv").inputs("dy", "w").ints("pads", 0, 0, 1, 1).output("phases");
    g.valueType(phases, TensorType.floats(Shape.of(2, 64, 3, 3)));
    String dx = g.node("DepthToSpace").inputs(phases).attr("blocksize", 2L).attr("mode", "DCR").output("dx");
    g.valueType(dx, TensorType.floats(Shape.of(2, 16, 6, 6)));
    g.input("x", TensorType.floats(Shape.of(2, 16, 6, 6)));
    String other = g.node("Conv").inputs("x", "v").ints("pads", 1, 1, 1, 1).output("other");
    g.valueType(other, TensorType.floats(Shape.of(2, 16, 6, 6)));
    g.node("Sum").inputs(dx, other).outputs("sum");
    g.output("sum", TensorType.floats(Shape.of(2, 16, 6, 6)));
    ModelProto m = OnnxModels.model(g.build(), Map.of());
    Map<String, float[]> feed = Map.of("dy", values(2 * 16 * 9, 21), "w", values(64 * 16 * 4, 22),
        "v", values(16 * 16 * 9, 23), "x", values(2 * 16 * 36, 24));
    Map<String, long[]> shapes = Map.of("dy", new long[] {2, 16, 3, 3}, "w", new long[] {64, 16, 2, 2},
        "v", new long[] {16, 16, 3, 3}, "x", new long[] {2, 16, 6, 6});
    ModelProto blocked = BlockedLayout.rewrite(m, block.getAsInt());
    assertEquals(0, count(blocked, "", "DepthToSpace"));
    assertEquals(1, count(blocked, Domains.NCHWC, "ReorderOutput"));
    assertSameOutputs(run(env, m, feed, shapes), run(env, blocked, feed, shapes), "");
  }

  /**
   * The input gradients of a residual block's two strided convolutions, each a phase Conv and a DepthToSpace,
   * summed: the phases are added blocked and interleaved once (PhaseSum).
   */
  @Test
  void aSumOfTwoInterleavingsInterleavesTheSummedPhasesOnce() throws Exception {
    OrtEnvironment env = NativeLibrary.environment();
    OptionalInt block = BlockSizeProbe.detect(env);
    if (block.isEmpty()) {
      return; // nothing to compare on this CPU
    }
    GraphBuilder g = new GraphBuilder("phase sum");
    g.input("dy", TensorType.floats(Shape.of(2, 16, 3, 3)));
    g.input("w", TensorType.floats(Shape.of(64, 16, 2, 2)));
    g.input("v", TensorType.floats(Shape.of(64, 16, 1, 1)));
    String[] interleaved = new String[2];
    for (int i = 0; i < 2; i++) {
      String phases = g.node("Conv").inputs("dy", i == 0 ? "w" : "v").ints("pads", 0, 0, 1 - i, 1 - i)
          .output("phases");
      g.valueType(phases, TensorType.floats(Shape.of(2, 64, 3, 3)));
      interleaved[i] = g.node("DepthToSpace").inputs(phases).attr("blocksize", 2L).output("dx");
      g.valueType(interleaved[i], TensorType.floats(Shape.of(2, 16, 6, 6)));
    }
    g.node("Sum").inputs(interleaved).outputs("sum");
    g.output("sum", TensorType.floats(Shape.of(2, 16, 6, 6)));
    ModelProto m = OnnxModels.model(g.build(), Map.of());
    Map<String, float[]> feed = Map.of("dy", values(2 * 16 * 9, 31), "w", values(64 * 16 * 4, 32),
        "v", values(64 * 16, 33));
    Map<String, long[]> shapes = Map.of("dy", new long[] {2, 16, 3, 3}, "w", new long[] {64, 16, 2, 2},
        "v", new long[] {64, 16, 1, 1});
    ModelProto blocked = BlockedLayout.rewrite(m, block.getAsInt());
    assertEquals(1, count(blocked, "", "Transpose") - filterTransposes(blocked));
    assertEquals(0, count(blocked, "", "Sum"));
    assertSameOutputs(run(env, m, feed, shapes), run(env, blocked, feed, shapes), "");
  }

  /** The Transposes that reorder the filters of blocked Convs. */
  private static long filterTransposes(ModelProto m) {
    return m.getGraph().getNodeList().stream()
        .filter(n -> n.getOpType().equals("Transpose") && n.getOutput(0).contains("_filter_")).count();
  }

  /** Inputs x (of type {@code full}) and w [16, 16, 3, 3]; answers h = Conv(x, w) with pads 1. */
  private static String paddedConv(GraphBuilder g, TensorType full) {
    g.input("x", full);
    g.input("w", TensorType.floats(Shape.of(16, 16, 3, 3)));
    return g.node("Conv").inputs("x", "w").ints("pads", 1, 1, 1, 1).output("h");
  }

  /** Every output equal up to float rounding (the blocked kernels sum in another order). */
  private static void assertSameOutputs(float[][] expected, float[][] actual, String context) {
    assertEquals(expected.length, actual.length, "outputs" + context);
    for (int o = 0; o < expected.length; o++) {
      assertEquals(expected[o].length, actual[o].length, "output " + o + context);
      for (int i = 0; i < expected[o].length; i++) {
        assertEquals(expected[o][i], actual[o][i], 1e-4 * (1 + Math.abs(expected[o][i])),
            "output " + o + "[" + i + "]" + context);
      }
    }
  }

  private static String upsample(GraphBuilder g, String value, String scales, String name) {
    return g.node("Resize").inputs(value, "", scales).attr("mode", "nearest")
        .attr("coordinate_transformation_mode", "asymmetric").attr("nearest_mode", "floor").output(name);
  }

  private static float[][] run(OrtEnvironment env, ModelProto m, Map<String, float[]> feed,
      Map<String, long[]> shapes) throws Exception {
    return run(env, m, feed, shapes, null);
  }

  /** The float outputs (all when {@code floatOutputs} is null), in graph order. */
  private static float[][] run(OrtEnvironment env, ModelProto m, Map<String, float[]> feed,
      Map<String, long[]> shapes, Set<Integer> floatOutputs) throws Exception {
    try (OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        OrtSession s = env.createSession(m.toByteArray(), o)) {
      Map<String, OnnxTensor> tensors = new java.util.HashMap<>();
      try {
        for (var e : feed.entrySet()) {
          tensors.put(e.getKey(), OnnxTensor.createTensor(env, FloatBuffer.wrap(e.getValue()), shapes.get(e.getKey())));
        }
        try (OrtSession.Result r = s.run(tensors)) {
          List<float[]> out = new java.util.ArrayList<>();
          for (int i = 0; i < r.size(); i++) {
            if (floatOutputs == null || floatOutputs.contains(i)) {
              FloatBuffer b = ((OnnxTensor) r.get(i)).getFloatBuffer();
              float[] v = new float[b.remaining()];
              b.get(v);
              out.add(v);
            }
          }
          return out.toArray(float[][]::new);
        }
      } finally {
        tensors.values().forEach(OnnxTensor::close);
      }
    }
  }
}
