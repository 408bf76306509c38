package dev.ortrain.gradients;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ortrain.graph.Attributes;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.graph.Tensors;
import org.junit.jupiter.api.Test;

/** Constants come from initializers, from any form of Constant node that exporters write, or Concats of them. */
class ConstantValuesTest {
  @Test
  void readsEveryConstantForm() {
    GraphBuilder g = new GraphBuilder("g");
    g.initializer(Tensors.floats("init", new long[0], 0.5f));
    g.node("Constant").attr(Attributes.of("value", Tensors.int64s("t", new long[] {2}, 3, 4))).outputs("tensor");
    g.node("Constant").attr("value_float", 0.25f).outputs("f");
    g.node("Constant").attr(Attributes.floats("value_floats", 1f, 2f)).outputs("fs");
    g.node("Constant").attr("value_int", 7L).outputs("i");
    g.node("Constant").ints("value_ints", 1, -1).outputs("is");
    g.node("Constant").attr("value_string", "text").outputs("s");
    g.input("runtime", TensorType.floats(Shape.of()));

    assertEquals(0.5f, ConstantValues.scalar(g, "init"));
    assertArrayEquals(new long[] {3, 4}, ConstantValues.longs(g, "tensor"));
    assertEquals(0.25f, ConstantValues.scalar(g, "f"));
    assertArrayEquals(new float[] {1f, 2f}, Tensors.toFloats(ConstantValues.find(g, "fs")));
    assertNull(ConstantValues.scalar(g, "fs"), "two values are no scalar");
    assertEquals(7f, ConstantValues.scalar(g, "i"));
    assertArrayEquals(new long[] {1, -1}, ConstantValues.longs(g, "is"));
    assertNull(ConstantValues.find(g, "s"), "string constants are not numbers");
    assertNull(ConstantValues.find(g, "runtime"));
    assertNull(ConstantValues.longs(g, ""));
  }

  @Test
  void concatenatesConstantVectors() {
    GraphBuilder g = new GraphBuilder("g");
    g.node("Constant").attr(Attributes.floats("value_floats", 1f, 1f)).outputs("batch_and_channels");
    g.initializer(Tensors.floats("spatial", new long[] {2}, 2f, 1.5f));
    g.node("Concat").inputs("batch_and_channels", "spatial").attr("axis", 0L).outputs("scales");
    g.node("Constant").ints("value_ints", 1, 2).outputs("ints");
    g.node("Concat").inputs("ints", "ints").attr("axis", 0L).outputs("longs");
    g.input("runtime", TensorType.floats(Shape.of(2)));
    g.node("Concat").inputs("spatial", "runtime").attr("axis", 0L).outputs("partly_runtime");
    g.node("Concat").inputs("spatial", "ints").attr("axis", 0L).outputs("mixed_types");

    assertArrayEquals(new float[] {1f, 1f, 2f, 1.5f}, Tensors.toFloats(ConstantValues.find(g, "scales")));
    assertArrayEquals(new long[] {1, 2, 1, 2}, ConstantValues.longs(g, "longs"));
    assertNull(ConstantValues.find(g, "partly_runtime"));
    assertNull(ConstantValues.find(g, "mixed_types"));
  }
}
