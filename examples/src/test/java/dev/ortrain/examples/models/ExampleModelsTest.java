package dev.ortrain.examples.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.graph.Shape;
import org.junit.jupiter.api.Test;

/** The examples' models: the ViT's sizes refused where they cannot make a model; parameters as PyTorch's. */
class ExampleModelsTest {

  @Test
  void sizesThatCannotMakeAModelSayWhatToChange() {
    var patch = assertThrows(IllegalArgumentException.class,
        () -> new VisionTransformer.Sizes(28, 5, 1, 64, 4, 4, 128, 10));
    assertEquals("A patch size of 5 does not tile images of 28x28; choose a divisor of 28", patch.getMessage());
    var depth = assertThrows(IllegalArgumentException.class,
        () -> new VisionTransformer.Sizes(28, 7, 1, 64, 0, 4, 128, 10));
    assertEquals("A vision transformer needs at least one block, got depth 0", depth.getMessage());
  }

  /**
   * Each model has the trainable parameter count of its PyTorch twin in java_models_peer.py
   * ({@code sum(p.numel() for p in model.parameters())}), so the benchmark compares the same models.
   */
  @Test
  void theExamplesModelsCountAsTheirPyTorchTwins() {
    Shape image = Shape.batched(1, 28, 28);
    assertTrue(new SmallResNet(10).summary(image).contains("Trainable params: 77,754\n"));
    assertTrue(new VisionTransformer(new VisionTransformer.Sizes(28, 7, 1, 64, 4, 4, 128, 10)).summary(image)
        .contains("Trainable params: 139,018\n"));
    assertTrue(new RowLstm(28, 28, 128, 2, 0.1f, 10).summary(image).contains("Trainable params: 214,282\n"));
  }
}
