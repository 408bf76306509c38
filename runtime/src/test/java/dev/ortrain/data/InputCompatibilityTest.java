package dev.ortrain.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.graph.DataType;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.onnx.proto.Onnx.TensorShapeProto;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InputCompatibilityTest {
  static final TensorType IMAGES = TensorType.floats(Shape.batched(784));
  static final TensorType CLASSES = new TensorType(DataType.INT64, Shape.batched());

  static Map<String, TensorType> inputs(TensorType input, TensorType target) {
    Map<String, TensorType> m = new LinkedHashMap<>();
    m.put("input", input);
    m.put("target", target);
    return m;
  }

  static DataLoader.Builder images() {
    return DataLoader.builder(TestData.images(10, 1, 28, 28).renamed("image", "input").renamed("label", "target"))
        .batchSize(4);
  }

  @Test
  void acceptsMatchingFields() {
    try (DataLoader loader = images().transform(Transforms.flatten("input")).build()) {
      loader.requireCompatibleWith(inputs(IMAGES, CLASSES));
    }
    TensorShapeProto anyLength = TensorShapeProto.newBuilder()
        .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
        .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("length"))
        .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(5))
        .build();
    assertEquals(List.of(), InputCompatibility.problems(List.of(FieldSpec.floats("input", 3, 5)), 10, 4, false,
        Map.of("input", TensorType.floats(Shape.fromProto(anyLength)))), "a symbolic dimension takes any size");
  }

  @Test
  void namesTheInputAndBothTypesForEveryMismatch() {
    try (DataLoader loader = images().build()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> loader.requireCompatibleWith(inputs(IMAGES, TensorType.floats(Shape.batched(10)))));
      assertEquals("The data does not fit the model's inputs:\n"
          + "  - model input 'input' expects float[batch, 784], but field 'input' gives float[batch, 1, 28, 28];"
          + " Transforms.flatten(\"input\") reshapes it\n"
          + "  - model input 'target' expects float[batch, 10], but field 'target' gives int64[batch];"
          + " Transforms.oneHot(\"target\", classes) turns class indices into floats", e.getMessage());
    }
  }

  @Test
  void reportsMissingFields() {
    try (DataLoader loader = DataLoader.builder(TestData.images(10, 1, 28, 28)).transform(Transforms.flatten("image"))
        .build()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> loader.requireCompatibleWith(inputs(IMAGES, CLASSES)));
      assertTrue(e.getMessage().contains("model input 'input' (float[batch, 784]) has no field of that name; the"
          + " batches have [image float[batch, 784], label int64[batch]] (rename a dataset field with"
          + " Dataset.renamed)"), e.getMessage());
    }
  }

  @Test
  void checksAFixedBatchDimension() {
    TensorType fixed32 = TensorType.floats(Shape.of(32, 784));
    List<FieldSpec> fields = List.of(FieldSpec.floats("input", 784));
    assertEquals(List.of("model input 'input' has a fixed batch dimension of 32, but the loader's batch size is 16;"
        + " use batchSize(32) or export the model with a symbolic batch dimension"),
        InputCompatibility.problems(fields, 100, 16, false, Map.of("input", fixed32)));
    assertEquals(List.of("model input 'input' has a fixed batch dimension of 32, but the last batch of each epoch"
        + " holds only 4 samples; turn on dropLast"),
        InputCompatibility.problems(fields, 100, 32, false, Map.of("input", fixed32)));
    assertEquals(List.of(), InputCompatibility.problems(fields, 100, 32, true, Map.of("input", fixed32)));
  }

  @Test
  void rejectsIntTargetsDeclaredAsFloatsOfAnotherRank() {
    List<String> problems = InputCompatibility.problems(List.of(FieldSpec.floats("target", 1)), 10, 2, false,
        Map.of("target", CLASSES));
    assertEquals(List.of("model input 'target' expects int64[batch], but field 'target' gives float[batch, 1];"
        + " class targets must be int64 indices, not floats"), problems);
  }
}
