package dev.ortrain.layout;

import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.graph.Tensors;

/** A nearest, floor, asymmetric Resize of the convolved value by 2 in both axes: [1, 16, 8, 8]. */
final class Upsampling {
  static final TensorType UPSAMPLED = TensorType.floats(Shape.of(1, 16, 8, 8));

  private Upsampling() {}

  static String of(ConvolvedGraph c, String output) {
    String scales = c.g.initializer(Tensors.floats(output + "_scales", new long[] {4}, new float[] {1, 1, 2, 2}));
    c.g.node("Resize").inputs(c.h, "", scales).attr("mode", "nearest")
        .attr("coordinate_transformation_mode", "asymmetric").attr("nearest_mode", "floor").outputs(output);
    c.g.valueType(output, UPSAMPLED);
    return output;
  }

  /** The upsampled value times a full-size input {@code full}, as {@code product}. */
  static ConvolvedGraph multiplied() {
    ConvolvedGraph c = new ConvolvedGraph();
    String up = of(c, "up");
    c.g.input("full", UPSAMPLED);
    c.g.node("Mul").inputs(up, "full").outputs("product");
    c.g.valueType("product", UPSAMPLED);
    return c.output("product", UPSAMPLED);
  }
}
