package dev.ortrain.gradients;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/** The gradient check itself: it must reject wrong gradients and checks that prove nothing. */
class GradientCheckTest {
  @TempDir Path dir;

  static GradientCheck exp() {
    GradientCheck c = GradientCheck.of("Exp");
    String x = c.batchedActivation("x", 2, 3);
    c.graph().node("Exp").inputs(x).outputs("y");
    return c.predict("y", TensorType.floats(Shape.batched(2, 3)));
  }

  @Test
  void rejectsAWrongRule() {
    // d exp(x) = dY·exp(x); this rule forgets the exp(x) factor.
    GradientRegistry wrong = GradientRegistry.standard()
        .register("Exp", ctx -> ctx.setInputGradient(0, ctx.outputGradient(0)));
    AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> exp().gradients(wrong).verify(dir));
    assertTrue(e.getMessage().contains("differ from central differences"), e.getMessage());
  }

  @Test
  void rejectsAParameterWithoutGradient() {
    GradientCheck c = GradientCheck.of("unused parameter");
    String x = c.batchedActivation("x", 3);
    c.parameter("unused", 3);
    c.graph().node("Identity").inputs(x).outputs("y");
    c.predict("y", TensorType.floats(Shape.batched(3)));
    AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> c.verify(dir));
    assertTrue(e.getMessage().contains("proves nothing"), e.getMessage());
  }

  @Test
  void acceptsTheShippedRule() {
    assertTrue(exp().verify(dir).maxAbsError() < 1e-3);
  }
}
