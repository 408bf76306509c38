package dev.ortrain.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ortrain.graph.DataType;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepOutputsTest {
  private static final TensorType FLOATS = TensorType.floats(Shape.of(2, 3));
  private static final TensorType LONGS = new TensorType(DataType.INT64, Shape.of(2));
  private static final SessionMetadata FOREIGN = new SessionMetadata(null, null, null, Map.of());

  /** Each output's values are its index in {@code names}, repeated; a long output holds no floats. */
  private record Values(List<String> names, Map<String, TensorType> types) implements StepValues {
    @Override
    public boolean has(String name) {
      return names.contains(name);
    }

    @Override
    public float scalar(String name) {
      return names.indexOf(name);
    }

    @Override
    public float[] floats(String name) {
      TensorType t = types.get(name);
      return t != null && t.dataType() != DataType.FLOAT ? null : new float[] {names.indexOf(name)};
    }

    @Override
    public long[] shape(String name) {
      return new long[] {names.indexOf(name)};
    }
  }

  private static StepResult read(List<String> order, Map<String, TensorType> types, SessionMetadata metadata,
      List<String> returned) {
    return StepOutputs.of(order, types, metadata).read(new Values(returned, types), true);
  }

  @Test
  void theNamedPredictionIsReadWhereverItStands() {
    SessionMetadata ortrain = new SessionMetadata("scale", "logits", "norm", Map.of());
    List<String> order = List.of("loss", "norm", "other", "logits");
    StepResult r = read(order, Map.of("other", FLOATS, "logits", FLOATS), ortrain, order);
    assertEquals(0f, r.loss());
    assertEquals(1f, r.gradNorm());
    assertArrayEquals(new float[] {3}, r.prediction());
    assertArrayEquals(new long[] {3}, r.predictionShape());
  }

  @Test
  void withoutANameThePredictionIsTheFirstOtherOutputThatMayHoldFloats() {
    List<String> order = List.of("loss", "argmax", "scores", "more");
    StepResult r = read(order, Map.of("argmax", LONGS, "scores", FLOATS), FOREIGN, order);
    assertArrayEquals(new float[] {2}, r.prediction());
    assertEquals(Float.NaN, r.gradNorm());
  }

  @Test
  void aGradNormOrPredictionTheStepDidNotReturnIsLeftOut() {
    SessionMetadata ortrain = new SessionMetadata(null, "logits", "norm", Map.of());
    StepResult r = read(List.of("loss", "norm", "logits"), Map.of(), ortrain, List.of("loss"));
    assertEquals(Float.NaN, r.gradNorm());
    assertNull(r.prediction());
    assertNull(r.predictionShape());
    StepResult unasked = StepOutputs.of(List.of("loss", "logits"), Map.of(), ortrain)
        .read(new Values(List.of("loss", "logits"), Map.of()), false);
    assertNull(unasked.prediction());
  }

  @Test
  void aPredictionWithoutFloatsIsLeftOut() {
    SessionMetadata ortrain = new SessionMetadata(null, "classes", null, Map.of());
    StepResult r = read(List.of("loss", "classes"), Map.of("classes", LONGS), ortrain, List.of("loss", "classes"));
    assertNull(r.prediction());
    assertNull(r.predictionShape());
  }

  @Test
  void aStepThatReturnsOnlyItsLossHasNoPrediction() {
    StepResult r = read(List.of("loss"), Map.of(), FOREIGN, List.of("loss"));
    assertEquals(0f, r.loss());
    assertNull(r.prediction());
  }
}
