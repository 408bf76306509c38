package dev.ortrain.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ortrain.graph.Shape;
import org.junit.jupiter.api.Test;

class ModelSummaryTest {

  @Test
  void summaryListsLayersShapesAndParameterCounts() {
    Sequential model = Sequential.of(
        new Conv2d(1, 4, 3).padding(1), new BatchNorm2d(4), new ReLU(), new MaxPool2d(2),
        Sequential.of(new Flatten(), new Linear(64, 10).freeze()).named("head"));
    String expected = String.join("\n",
        "Layer                                 Output shape      Params",
        "--------------------------------------------------------------",
        "input                                 [batch, 1, 8, 8]       0",
        "0 (Conv2d 1->4 kernel 3x3 padding 1)  [batch, 4, 8, 8]      40",
        "1 (BatchNorm2d 4)                     [batch, 4, 8, 8]      16",
        "2 (ReLU)                              [batch, 4, 8, 8]       0",
        "3 (MaxPool2d kernel 2x2)              [batch, 4, 4, 4]       0",
        "head.0 (Flatten)                      [batch, 64]            0",
        "head.1 (Linear 64->10) [frozen]       [batch, 10]          650",
        "--------------------------------------------------------------",
        "Total params: 706",
        "Trainable params: 48",
        "Non-trainable params: 658",
        "");
    assertEquals(expected, model.summary(Shape.batched(1, 8, 8)));
  }

  @Test
  void toStringPrintsTheLayersLikePyTorch() {
    Sequential model = Sequential.of(new Linear(4, 8).named("fc"), new LeakyReLU(0.1f),
        Sequential.of(new Dropout(0.5f), new Linear(8, 2).bias(false)).freeze());
    assertEquals(String.join("\n",
        "Sequential(",
        "  (fc): Linear 4->8",
        "  (1): LeakyReLU 0.1",
        "  (2): Sequential(",
        "    (0): Dropout p=0.5",
        "    (1): Linear 8->2 no bias",
        "  ) [frozen]",
        ")"), model.toString());
  }

  @Test
  void descriptionsShowOnlyWhatDiffersFromTheDefaults() {
    assertEquals("Conv2d 3->8 kernel 3x5 stride 2 padding 1x2 dilation 2",
        new Conv2d(3, 8, 3, 5).stride(2).padding(1, 2).dilation(2).describe());
    assertEquals("Conv2d 4->8 kernel 1x1 stride 1x2 padding (top 0, bottom 1, left 2, right 3) groups 4 no bias",
        new Conv2d(4, 8, 1).stride(1, 2).padding(new Padding2d(0, 1, 2, 3)).groups(4).bias(false).describe());
    assertEquals("MaxPool2d kernel 3x3 stride 2 padding 1", new MaxPool2d(3).stride(2).padding(1).describe());
    assertEquals("AvgPool2d kernel 2x2 padding 1 excluding padding",
        new AvgPool2d(2).padding(1).countIncludePad(false).describe());
    assertEquals("Softmax axis -1", new Softmax().describe());
    assertEquals("LayerNorm [3, 4]", new LayerNorm(3, 4).describe());
    assertEquals("Sequential of 1 layer", Sequential.of(new Tanh()).describe());
    assertEquals("Sigmoid", new Sigmoid().toString());
  }
}
