package dev.ortrain.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ortrain.artifacts.ForwardModel;
import dev.ortrain.graph.Shape;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** LSTM and GRU: PyTorch's parameters, the whole sequence or the last state, and their shape errors. */
class RecurrentLayersTest {
  private static final float[] SEQUENCES = {0.5f, -1, 2, 0.25f, -0.5f, 1, 1.5f, -2, 0, 0.75f, -0.25f, 1};

  /** A model applying {@code rnn} and then {@code last} to its output. */
  private static Module around(Layer rnn, java.util.function.UnaryOperator<Tensor> last) {
    return new Module() {
      private final Layer registered = register("rnn", rnn);

      @Override
      protected Tensor forward(Tensor x) {
        return last.apply(registered.apply(x));
      }
    };
  }

  private static float[] run(Module m) {
    return OrtRunner.run(m.build(Shape.batched(3, 2), 7L).model(), SEQUENCES, 2, 3, 2);
  }

  @Test
  void theLastStateIsTheSequencesLastStep() {
    for (boolean lstm : new boolean[] {true, false}) {
      float[] sequence = run(around(lstm ? new LSTM(2, 4, 2) : new GRU(2, 4, 2), t -> t.select(1, -1)));
      float[] last = run(around(lstm ? new LSTM(2, 4, 2).lastState() : new GRU(2, 4, 2).lastState(), t -> t));
      assertEquals(8, last.length);
      assertArrayEquals(sequence, last, 1e-6f);
    }
  }

  @Test
  void theSequenceHasOneHiddenStatePerStepThatDependsOnThePast() {
    float[] states = run(around(new LSTM(2, 4), t -> t));
    assertEquals(2 * 3 * 4, states.length);
    // The first step of the second sequence differs from its second step although both see the weights alone.
    float[] first = Arrays.copyOfRange(states, 12, 16);
    float[] second = Arrays.copyOfRange(states, 16, 20);
    assertEquals(false, Arrays.equals(first, second));
  }

  @Test
  void parametersHavePyTorchsNamesShapesAndBounds() {
    ForwardModel m = around(new GRU(2, 4, 2), t -> t).build(Shape.batched(3, 2), 1L);
    assertEquals(List.of("rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0",
        "rnn.weight_ih_l1", "rnn.weight_hh_l1", "rnn.bias_ih_l1", "rnn.bias_hh_l1"), m.trainable());
    float[] w = OrtRunner.parameter(m, "rnn.weight_hh_l1");
    assertEquals(12 * 4, w.length);
    for (float v : w) {
      assertEquals(true, Math.abs(v) <= 0.5f, "U(-1/sqrt(hidden), 1/sqrt(hidden)) with hidden 4: " + v);
    }
    assertEquals(16 * 2, new LSTM(2, 4).parameters(Shape.batched(3, 2)).get(0).shape().elementCount());
  }

  @Test
  void bidirectionalLayersNameTheReverseDirectionAsPyTorch() {
    ForwardModel m = around(new LSTM(2, 4, 2).bidirectional(), t -> t).build(Shape.batched(3, 2), 1L);
    assertEquals(List.of("rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0",
        "rnn.weight_ih_l0_reverse", "rnn.weight_hh_l0_reverse", "rnn.bias_ih_l0_reverse", "rnn.bias_hh_l0_reverse",
        "rnn.weight_ih_l1", "rnn.weight_hh_l1", "rnn.bias_ih_l1", "rnn.bias_hh_l1",
        "rnn.weight_ih_l1_reverse", "rnn.weight_hh_l1_reverse", "rnn.bias_ih_l1_reverse", "rnn.bias_hh_l1_reverse"),
        m.trainable());
    // The second layer reads both directions of the first: 4 gates of 4 rows over 2·4 features.
    assertEquals(16 * 8, OrtRunner.parameter(m, "rnn.weight_ih_l1_reverse").length);
    assertEquals(Shape.batched(3, 8), new GRU(2, 4).bidirectional().outputShape(Shape.batched(3, 2)));
    assertEquals(Shape.batched(8), new GRU(2, 4).bidirectional().lastState().outputShape(Shape.batched(3, 2)));
  }

  @Test
  void theReverseDirectionsLastStateIsItsOutputAtTheFirstStep() {
    for (boolean lstm : new boolean[] {true, false}) {
      float[] sequence = run(around(lstm ? new LSTM(2, 4).bidirectional() : new GRU(2, 4).bidirectional(), t -> t));
      float[] last = run(around(lstm ? new LSTM(2, 4).bidirectional().lastState()
          : new GRU(2, 4).bidirectional().lastState(), t -> t));
      for (int sample = 0; sample < 2; sample++) {
        int steps = sample * 3 * 8;
        // forward: the last step's first half; reverse: the first step's second half.
        assertArrayEquals(Arrays.copyOfRange(sequence, steps + 2 * 8, steps + 2 * 8 + 4),
            Arrays.copyOfRange(last, sample * 8, sample * 8 + 4), 1e-6f);
        assertArrayEquals(Arrays.copyOfRange(sequence, steps + 4, steps + 8),
            Arrays.copyOfRange(last, sample * 8 + 4, sample * 8 + 8), 1e-6f);
      }
    }
  }

  @Test
  void describeAndShapeErrorsSayWhatToChange() {
    assertEquals("LSTM 2->4", new LSTM(2, 4).describe());
    assertEquals("GRU 2->4 layers 3 last state", new GRU(2, 4, 3).lastState().describe());
    assertEquals(Shape.batched(4), new GRU(2, 4).lastState().outputShape(Shape.batched(9, 2)));
    var features = assertThrows(ShapeMismatchException.class, () -> new LSTM(2, 4).outputShape(Shape.batched(3, 5)));
    assertEquals("expects input [batch, time, 2] but gets [batch, 3, 5]; set input_size to 5", features.getMessage());
    var image = assertThrows(ShapeMismatchException.class, () -> new GRU(2, 4).outputShape(Shape.batched(1, 3, 2)));
    assertEquals("expects input [batch, time, 2] but gets [batch, 1, 3, 2]; GRU takes sequences batch first, as"
        + " PyTorch's batch_first=True; reshape images to [batch, rows, columns]", image.getMessage());
    var zero = assertThrows(IllegalArgumentException.class, () -> new LSTM(2, 4, 0));
    assertEquals("LSTM needs input_size, hidden_size and num_layers >= 1, got 2, 4 and 0", zero.getMessage());
  }

  @Test
  void selectNamesTheEntryItCannotTake() {
    var e = assertThrows(ShapeMismatchException.class, () -> around(new LSTM(2, 4), t -> t.select(1, 3))
        .build(Shape.batched(3, 2), 0L));
    assertEquals(true, e.getMessage().contains("cannot select entry 3 of axis 1 of [batch, 3, 4]; select from an"
        + " axis of known size, from -3 to 2"), e.getMessage());
  }
}
