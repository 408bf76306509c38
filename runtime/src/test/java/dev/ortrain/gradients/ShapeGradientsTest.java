package dev.ortrain.gradients;

import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.onnx.proto.Onnx.TensorShapeProto;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Finite-difference checks of the gradients of shape operators. */
class ShapeGradientsTest extends GradientCheckCases {
  static Stream<Arguments> cases() {
    return Stream.of(
        check("Flatten", () -> onActivation("Flatten", new long[] {6}, n -> n.attr("axis", 1L))),
        check("Reshape", () -> {
          GradientCheck c = GradientCheck.of("Reshape");
          String x = c.batchedActivation("x", 2, 3);
          c.graph().node("Reshape").inputs(x, c.graph().int64s("shape", 0, 3, 2)).outputs("y");
          return c.predict("y", TensorType.floats(Shape.batched(3, 2)));
        }),
        check("Transpose perm", () -> onActivation("Transpose", new long[] {3, 2}, n -> n.ints("perm", 0, 2, 1))),
        check("Transpose default perm", () -> {
          GradientCheck c = GradientCheck.of("Transpose default");
          c.graph().node("Transpose").inputs(c.parameter("x", 2, 3, 4)).outputs("y");
          return c.predict("y", TensorType.floats(Shape.of(4, 3, 2)));
        }),
        check("Squeeze", () -> {
          GradientCheck c = GradientCheck.of("Squeeze");
          String x = c.batchedActivation("x", 1, 3);
          c.graph().node("Squeeze").inputs(x, c.graph().int64s("axes", 1)).outputs("y");
          return c.predict("y", TensorType.floats(Shape.batched(3)));
        }),
        check("Unsqueeze", () -> {
          GradientCheck c = GradientCheck.of("Unsqueeze");
          String x = c.batchedActivation("x", 2, 3);
          c.graph().node("Unsqueeze").inputs(x, c.graph().int64s("axes", -1)).outputs("y");
          return c.predict("y", TensorType.floats(Shape.batched(2, 3, 1)));
        }),
        check("Expand", () -> {
          GradientCheck c = GradientCheck.of("Expand");
          c.graph().node("Expand").inputs(c.parameter("p", 2, 1), c.graph().int64s("shape", 4, 2, 3)).outputs("y");
          return c.predict("y", TensorType.floats(Shape.of(4, 2, 3)));
        }),
        check("Concat", () -> {
          GradientCheck c = GradientCheck.of("Concat");
          String x = c.batchedActivation("x", 2, 3);
          String z = c.batchedActivation("z", 1, 3);
          c.graph().node("Concat").inputs(z, x, z).attr("axis", -2L).outputs("y");
          return c.predict("y", TensorType.floats(Shape.batched(4, 3)));
        }),
        // The class token's length is declared symbolic, so that the gradient splits by sizes read at run time.
        check("Concat along an axis of symbolic size", () -> {
          GradientCheck c = GradientCheck.of("Concat symbolic");
          String x = c.batchedActivation("x", 2, 3);
          String z = c.batchedActivation("z", 1, 3);
          c.graph().valueType(z, TensorType.floats(Shape.fromProto(Shape.batched(1, 3).toProto().toBuilder()
              .setDim(1, dev.ortrain.onnx.proto.Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam("tokens"))
              .build())));
          c.graph().node("Concat").inputs(z, x).attr("axis", 1L).outputs("y");
          return c.predict("y", TensorType.floats(Shape.batched(3, 3)));
        }),
        // Both parts declared with the same symbolic length (an unrolled layer's steps): one Shape sizes them all.
        check("Concat of parts with the same symbolic size", () -> {
          GradientCheck c = GradientCheck.of("Concat same symbol");
          TensorShapeProto tokens = Shape.batched(2, 3).toProto().toBuilder()
              .setDim(1, TensorShapeProto.Dimension.newBuilder().setDimParam("tokens")).build();
          String x = c.batchedActivation("x", 2, 3);
          String z = c.batchedActivation("z", 2, 3);
          c.graph().valueType(x, TensorType.floats(Shape.fromProto(tokens)));
          c.graph().valueType(z, TensorType.floats(Shape.fromProto(tokens)));
          c.graph().node("Concat").inputs(x, z, x).attr("axis", 1L).outputs("y");
          return c.predict("y", TensorType.floats(Shape.batched(6, 3)));
        }),
        check("Split into two sizes, one part unused", () -> {
          GradientCheck c = GradientCheck.of("Split");
          GraphBuilder g = c.graph();
          String x = c.batchedActivation("x", 5, 2);
          g.node("Split").inputs(x, g.int64s("sizes", 2, 3)).attr("axis", 1L).outputs("y", "unused");
          return c.predict("y", TensorType.floats(Shape.batched(2, 2)));
        }),
        check("Split in equal parts, both used", () -> {
          GradientCheck c = GradientCheck.of("Split equal");
          GraphBuilder g = c.graph();
          String x = c.batchedActivation("x", 4, 3);
          g.node("Split").inputs(x).attr("axis", 1L).outputs("a", "b");
          g.valueType("a", TensorType.floats(Shape.batched(2, 3)));
          g.valueType("b", TensorType.floats(Shape.batched(2, 3)));
          g.node("Mul").inputs("a", "b").outputs("y");
          return c.predict("y", TensorType.floats(Shape.batched(2, 3)));
        }),
        check("Pad with zeros, cropping one axis", () -> {
          GradientCheck c = GradientCheck.of("Pad");
          GraphBuilder g = c.graph();
          String x = c.batchedActivation("x", 3, 4);
          g.node("Pad").inputs(x, g.int64s("pads", 0, 1, -1, 0, 2, 0)).outputs("y");
          return c.predict("y", TensorType.floats(Shape.batched(6, 3)));
        }),
        check("Pad along chosen axes (opset 18)", () -> {
          GradientCheck c = GradientCheck.of("Pad axes").opset(18);
          GraphBuilder g = c.graph();
          String x = c.batchedActivation("x", 3, 4);
          g.node("Pad").inputs(x, g.int64s("pads", 1, 2), "", g.int64s("axes", 2)).outputs("y");
          return c.predict("y", TensorType.floats(Shape.batched(3, 7)));
        }),
        check("Tile", () -> {
          GradientCheck c = GradientCheck.of("Tile");
          GraphBuilder g = c.graph();
          String x = c.batchedActivation("x", 2, 3);
          g.node("Tile").inputs(x, g.int64s("repeats", 1, 3, 2)).outputs("y");
          return c.predict("y", TensorType.floats(Shape.batched(6, 6)));
        }),
        check("Trilu lower with a diagonal offset", () -> {
          GradientCheck c = GradientCheck.of("Trilu");
          GraphBuilder g = c.graph();
          String x = c.batchedActivation("x", 3, 3);
          String k = g.initializer(dev.ortrain.graph.Tensors.int64s("k", new long[0], 1));
          g.node("Trilu").inputs(x, k).attr("upper", 0L).outputs("y");
          return c.predict("y", TensorType.floats(Shape.batched(3, 3)));
        }),
        check("Split by sizes, every output used", () -> {
          GradientCheck c = GradientCheck.of("Split sizes");
          String x = c.batchedActivation("x", 2, 5);
          GraphBuilder g = c.graph();
          List<String> parts = g.node("Split").inputs(x, g.int64s("split", 2, 3)).attr("axis", -1L)
              .outputs("a", "b");
          g.valueType("a", TensorType.floats(Shape.batched(2, 2)));
          g.valueType("b", TensorType.floats(Shape.batched(2, 3)));
          String y = g.node("Concat").inputs(parts.get(1), parts.get(0)).attr("axis", 2L).output("y");
          return c.predict(y, TensorType.floats(Shape.batched(2, 5)));
        }),
        // The middle output feeds nothing: its share of dX must be zeros, not a shifted neighbour.
        check("Split equally, one output unused", () -> {
          GradientCheck c = GradientCheck.of("Split unused");
          String x = c.batchedActivation("x", 3, 2);
          GraphBuilder g = c.graph();
          List<String> parts = g.node("Split").inputs(x).attr("axis", 1L).outputs("a", "b", "c");
          g.valueType("a", TensorType.floats(Shape.batched(1, 2)));
          g.valueType("c", TensorType.floats(Shape.batched(1, 2)));
          String y = g.node("Mul").inputs(parts.get(0), parts.get(2)).output("y");
          return c.predict(y, TensorType.floats(Shape.batched(1, 2)));
        }),
        check("Slice with steps", () -> {
          GradientCheck c = GradientCheck.of("Slice");
          GraphBuilder g = c.graph();
          String x = c.batchedActivation("x", 2, 5);
          g.node("Slice").inputs(x, g.int64s("starts", 1), g.int64s("ends", 5), g.int64s("axes", 2),
              g.int64s("steps", 2)).outputs("y");
          return c.predict("y", TensorType.floats(Shape.batched(2, 2)));
        }),
        check("Slice without axes", () -> {
          GradientCheck c = GradientCheck.of("Slice plain");
          GraphBuilder g = c.graph();
          g.node("Slice").inputs(c.parameter("x", 4, 3), g.int64s("starts", 1, 0), g.int64s("ends", 3, 2))
              .outputs("y");
          return c.predict("y", TensorType.floats(Shape.of(2, 2)));
        }),
        check("Gather embedding", () -> {
          GradientCheck c = GradientCheck.of("Gather");
          String table = c.parameter("embedding", 5, 3);
          String ids = c.longInput("ids", Shape.batched(2), 0, 2, 4, 2, 1, 2);
          c.graph().node("Gather").inputs(table, ids).outputs("y");
          return c.predict("y", TensorType.floats(Shape.batched(2, 3)));
        }),
        // Attention's q and k picked from one projection by constant scalar indices, one of them negative.
        check("Gather of constant slices", () -> {
          GradientCheck c = GradientCheck.of("Gather slices");
          GraphBuilder g = c.graph();
          String qkv = c.batchedActivation("qkv", 3, 4);
          String q = g.node("Gather").inputs(qkv, g.initializer(dev.ortrain.graph.Tensors.int64s("first",
              new long[0], 0))).attr("axis", 1L).output("q");
          String k = g.node("Gather").inputs(qkv, g.initializer(dev.ortrain.graph.Tensors.int64s("last",
              new long[0], -1))).attr("axis", 1L).output("k");
          g.valueType(q, TensorType.floats(Shape.batched(4)));
          g.valueType(k, TensorType.floats(Shape.batched(4)));
          g.node("Mul").inputs(q, k).outputs("y");
          return c.predict("y", TensorType.floats(Shape.batched(4)));
        }));
  }

  interface Attrs {
    GraphBuilder.NodeBuilder apply(GraphBuilder.NodeBuilder n);
  }

  static GradientCheck onActivation(String op, long[] outPerSample, Attrs attrs) {
    GradientCheck c = GradientCheck.of(op);
    String x = c.batchedActivation("x", 2, 3);
    attrs.apply(c.graph().node(op).inputs(x)).outputs("y");
    return c.predict("y", TensorType.floats(Shape.batched(outPerSample)));
  }

}
