package dev.ortrain.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.artifacts.ForwardModel;
import dev.ortrain.graph.Shape;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDictTest {
  @TempDir Path dir;

  private static ForwardModel model() {
    return Sequential.of(new Linear(2, 1).named("fc"), new Dropout(0.1f)).build(Shape.batched(2), 0L);
  }

  @Test
  void valuesReplaceTheParametersOfTheSameName() throws Exception {
    ForwardModel loaded = StateDict.of(Map.of("fc.weight", new float[] {3, 4}, "fc.bias", new float[] {5}))
        .loadInto(model());
    assertArrayEquals(new float[] {3, 4}, OrtRunner.parameter(loaded, "fc.weight"));
    assertArrayEquals(new float[] {27}, OrtRunner.run(loaded.model(), new float[] {2, 4}, 1, 2));
    Path onnx = dir.resolve("model.onnx");
    Files.write(onnx, loaded.model().toByteArray());
    StateDict read = StateDict.fromOnnx(onnx);
    assertEquals(Set.of("fc.weight", "fc.bias", "1.ratio"), read.names());
  }

  @Test
  void missingUnexpectedAndMisSizedValuesAreListedTogether() {
    var e = assertThrows(IllegalArgumentException.class, () -> StateDict.of(
        Map.of("fc.weight", new float[] {1, 2, 3}, "fc.bias_", new float[] {5})).loadInto(model()));
    assertEquals("Cannot load the weights: 'fc.weight' has 2 elements [1, 2] but its value has 3; no value for"
        + " 'fc.bias' (the values have 'fc.bias_'); 'fc.bias_' is no parameter of the model (it has 'fc.bias')."
        + " Name each layer as in the model the weights come from (register(\"conv1\", ...)).", e.getMessage());
    assertThrows(UncheckedIOException.class, () -> StateDict.fromOnnx(dir.resolve("absent.onnx")));
  }
}
