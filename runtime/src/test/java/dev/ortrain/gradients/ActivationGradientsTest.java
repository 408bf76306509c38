package dev.ortrain.gradients;

import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Finite-difference checks of the activation gradients (inputs stay away from the kinks at 0). */
class ActivationGradientsTest {
  @TempDir Path dir;

  static Stream<Arguments> cases() {
    return Stream.of(
        check("Relu", 17, n -> n.node("Relu")),
        check("LeakyRelu", 17, n -> n.node("LeakyRelu").attr("alpha", 0.2f)),
        check("Sigmoid", 17, n -> n.node("Sigmoid")),
        check("Tanh", 17, n -> n.node("Tanh")),
        check("com.microsoft Gelu", 17, n -> n.msNode("Gelu")),
        check("com.microsoft FastGelu", 17, n -> n.msNode("FastGelu")),
        check("Gelu opset 20", 20, n -> n.node("Gelu")),
        check("Gelu opset 20 tanh", 20, n -> n.node("Gelu").attr("approximate", "tanh")),
        check("Softmax axis 1", 17, n -> n.node("Softmax").attr("axis", 1L)),
        check("Softmax default axis", 17, n -> n.node("Softmax")),
        check("LogSoftmax", 17, n -> n.node("LogSoftmax").attr("axis", -1L)));
  }

  /** Adds the activation node to the graph; the test wires its input and output. */
  interface Activation {
    GraphBuilder.NodeBuilder start(GraphBuilder g);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesFiniteDifferences(String name, int opset, Activation activation) {
    GradientCheck c = GradientCheck.of(name).opset(opset);
    String x = c.batchedActivation("x", 2, 3);
    activation.start(c.graph()).inputs(x).outputs("y");
    c.predict("y", TensorType.floats(Shape.batched(2, 3))).verify(dir);
  }

  static Arguments check(String name, int opset, Activation activation) {
    return Arguments.of(name, opset, activation);
  }

}
