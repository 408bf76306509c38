package dev.ortrain.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.graph.DataType;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.graph.Tensors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Output shapes of LSTM and GRU, and which of their initializers the importer trains. */
class RecurrentShapesTest {
  private final GraphBuilder g = new GraphBuilder("recurrent");
  private final Map<String, TensorType> inputs = new LinkedHashMap<>();

  /** X [batch, 7, 5] transposed to [7, batch, 5], as PyTorch exports a batch_first layer. */
  private String timeMajorInput() {
    inputs.put("x", TensorType.floats(Shape.batched(7, 5)));
    g.input("x", inputs.get("x"));
    return g.node("Transpose").inputs("x").ints("perm", 1, 0, 2).output("x_time_major");
  }

  private String weights(String name, long directions, long rows, long columns) {
    return g.initializer(Tensors.floats(name, new long[] {directions, rows, columns},
        new float[(int) (directions * rows * columns)]));
  }

  private ShapeInference infer() {
    ShapeInference s = ShapeInference.run(g.build(), 17, inputs, Map.of());
    assertEquals(Map.of(), s.failures());
    return s;
  }

  private static String shape(ShapeInference s, String value) {
    TensorType t = s.type(value);
    assertTrue(t != null, "no type for " + value);
    return t.shape().toString();
  }

  @Test
  void lstmOutputsAllHiddenStatesAndTheFinalHiddenAndCellStates() {
    String x = timeMajorInput();
    g.node("LSTM").inputs(x, weights("w", 1, 48, 5), weights("r", 1, 48, 12)).attr("hidden_size", 12L)
        .outputs("y", "y_h", "y_c");
    ShapeInference s = infer();
    assertEquals("[7, 1, batch, 12]", shape(s, "y"));
    assertEquals("[1, batch, 12]", shape(s, "y_h"));
    assertEquals("[1, batch, 12]", shape(s, "y_c"));
    assertEquals(DataType.FLOAT, s.type("y").dataType());
  }

  @Test
  void bidirectionalGruHasTwoDirectionsAndTakesItsHiddenSizeFromR() {
    String x = timeMajorInput();
    g.node("GRU").inputs(x, weights("w", 2, 30, 5), weights("r", 2, 30, 10)).attr("direction", "bidirectional")
        .outputs("y", "y_h");
    ShapeInference s = infer();
    assertEquals("[7, 2, batch, 10]", shape(s, "y"));
    assertEquals("[2, batch, 10]", shape(s, "y_h"));
  }

  @Test
  void layoutOnePutsTheBatchFirst() {
    inputs.put("x", TensorType.floats(Shape.batched(7, 5)));
    g.input("x", inputs.get("x"));
    g.node("LSTM").inputs("x", weights("w", 1, 16, 5), weights("r", 1, 16, 4)).attr("hidden_size", 4L)
        .attr("layout", 1L).outputs("y", "", "y_c");
    g.node("GRU").inputs("x", weights("gw", 1, 12, 5), weights("gr", 1, 12, 4)).attr("hidden_size", 4L)
        .attr("layout", 1L).outputs("", "g_h");
    ShapeInference s = infer();
    assertEquals("[batch, 7, 1, 4]", shape(s, "y"));
    assertEquals("[batch, 1, 4]", shape(s, "y_c"));
    assertEquals("[batch, 1, 4]", shape(s, "g_h"));
  }

  @Test
  void aMissingHiddenSizeWithAMalformedRIsReportedWithItsNode() {
    String x = timeMajorInput();
    inputs.put("r", TensorType.floats(Shape.batched(16)));
    g.input("r", inputs.get("r"));
    g.node("LSTM").name("rnn").inputs(x, weights("w", 1, 16, 5), "r").outputs("y");
    String problem = ShapeInference.run(g.build(), 17, inputs, Map.of()).failures().get("rnn");
    assertTrue(problem != null && problem.contains("LSTM node 'rnn'") && problem.contains("hidden_size"),
        String.valueOf(problem));
  }

  /** W, R and B are weights; an initial state written as an initializer is a constant. */
  @Test
  void weightsAreParametersAndConstantInitialStatesAreNot() {
    String x = timeMajorInput();
    g.initializer(Tensors.floats("b", new long[] {1, 32}, new float[32]));
    g.initializer(Tensors.floats("h0", new long[] {1, 2, 4}, new float[8]));
    g.initializer(Tensors.floats("c0", new long[] {1, 2, 4}, new float[8]));
    g.node("LSTM").inputs(x, weights("w", 1, 16, 5), weights("r", 1, 16, 4), "b", "", "h0", "c0")
        .attr("hidden_size", 4L).outputs("y");
    g.initializer(Tensors.floats("gh0", new long[] {1, 2, 4}, new float[8]));
    g.node("GRU").inputs(x, weights("gw", 1, 12, 5), weights("gr", 1, 12, 4), "", "", "gh0")
        .attr("hidden_size", 4L).outputs("gy");
    ParameterSelection.Result r = ParameterSelection.select(g.build(), List.of(), List.of(), List.of());
    assertEquals(Set.of("w", "r", "b", "gw", "gr"), Set.copyOf(r.trainable()));
    assertEquals(List.of(), r.frozen());
  }
}
