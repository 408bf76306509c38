package dev.ortrain.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.artifacts.ArtifactBuilder;
import dev.ortrain.artifacts.Optimizer;
import dev.ortrain.graph.Shape;
import dev.ortrain.loss.MeanSquaredErrorLoss;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** SiLU, RMSNorm, sinusoidal positions, Conv1d, MaxPool1d, ConvTranspose2d and Upsample on known values. */
class PaperLayersTest {

  private static float[] run(Layer layer, float[] x, long... shape) {
    Sequential model = Sequential.of(layer);
    return OrtRunner.run(model.build(Shape.batched(Arrays.copyOfRange(shape, 1, shape.length)), 0L).model(), x,
        shape);
  }

  @Test
  void siluAndRmsNormComputeAsPyTorch() {
    assertArrayEquals(new float[] {0, 0.7310586f, -0.26894143f}, run(new SiLU(), new float[] {0, 1, -1}, 1, 3), 1e-6f);
    // rms of (3, 4) is √12.5
    assertArrayEquals(new float[] {0.8485281f, 1.1313709f}, run(new RMSNorm(2), new float[] {3, 4}, 1, 2), 1e-6f);
    assertEquals("SiLU", new SiLU().describe());
    assertEquals("RMSNorm 4", new RMSNorm(4).eps(1e-6f).describe());
    var e = assertThrows(ShapeMismatchException.class, () -> new RMSNorm(4).outputShape(Shape.batched(3, 5)));
    assertEquals("normalizes a last axis of size 4 but gets [batch, 3, 5]; set its size to 5", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new RMSNorm(0));
    assertThrows(IllegalArgumentException.class, () -> new RMSNorm(2).eps(0));
  }

  @Test
  void siluAndRmsNormTrain() {
    var model = Sequential.of(new Linear(3, 4), new RMSNorm(4), new SiLU(), new Linear(4, 1)).build(Shape.batched(3), 0L);
    // Building the training artifacts differentiates Sigmoid, ReduceMean, Sqrt and Div: it fails on a missing rule.
    ArtifactBuilder.forModel(model).loss(MeanSquaredErrorLoss.create()).optimizer(new Optimizer.Sgd()).build();
    assertEquals(java.util.List.of("0.weight", "0.bias", "1.weight", "3.weight", "3.bias"), model.trainable());
  }

  @Test
  void sinusoidalPositionsAreAConstantSineCosineTable() {
    float[] pe = run(new SinusoidalPositionalEncoding(2, 8), new float[4], 1, 2, 2);
    assertArrayEquals(new float[] {0, 1, (float) Math.sin(1), (float) Math.cos(1)}, pe, 1e-6f);
    var model = Sequential.of(new SinusoidalPositionalEncoding(2, 8)).build(Shape.batched(2, 2), 0L);
    assertEquals(0, model.trainable().size());
    var tooLong = assertThrows(ShapeMismatchException.class,
        () -> new SinusoidalPositionalEncoding(2, 8).outputShape(Shape.batched(9, 2)));
    assertEquals("expects input [batch, length <= 8, 2] but gets [batch, 9, 2]; raise max_length to 9",
        tooLong.getMessage());
    var width = assertThrows(ShapeMismatchException.class,
        () -> new SinusoidalPositionalEncoding(2, 8).outputShape(Shape.batched(3, 4)));
    assertTrue(width.getMessage().endsWith("; set dim to 4"), width.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new SinusoidalPositionalEncoding(3, 8));
    assertEquals("SinusoidalPositionalEncoding 2 up to 8", new SinusoidalPositionalEncoding(2, 8).describe());
  }

  @Test
  void conv1dAndMaxPool1dSlideAlongTheSequence() {
    Conv1d conv = new Conv1d(1, 1, 2).weightInit(Init.ones()).biasInit(Init.zeros());
    assertArrayEquals(new float[] {3, 5}, run(conv, new float[] {1, 2, 3}, 1, 1, 3));
    assertArrayEquals(new float[] {3, 4}, run(new MaxPool1d(2), new float[] {1, 3, 2, 4}, 1, 1, 4));
    assertEquals("Conv1d 2->4 kernel 3 stride 2 padding 1 dilation 2 no bias",
        new Conv1d(2, 4, 3).stride(2).padding(1).dilation(2).bias(false).describe());
    assertEquals(Shape.batched(4, 5), new Conv1d(2, 4, 3).stride(2).padding(1).outputShape(Shape.batched(2, 10)));
    assertEquals("MaxPool1d kernel 2 stride 1", new MaxPool1d(2).stride(1).describe());
    var channels = assertThrows(ShapeMismatchException.class, () -> conv.outputShape(Shape.batched(2, 3)));
    assertEquals("expects input [batch, 1, length] but gets [batch, 2, 3]; set in_channels to 2",
        channels.getMessage());
    var tooShort = assertThrows(ShapeMismatchException.class, () -> new Conv1d(1, 1, 5).outputShape(Shape.batched(1, 3)));
    assertTrue(tooShort.getMessage().startsWith("has a kernel spanning 5 that does not fit"), tooShort.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Conv1d(1, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> new MaxPool1d(2).stride(0));
    assertEquals(2, new Conv1d(1, 3, 2).parameters(Shape.batched(1, 4)).size());
    assertEquals(1, new Conv1d(1, 3, 2).bias(false).parameters(Shape.batched(1, 4)).size());
  }

  @Test
  void convTranspose2dSpreadsEachPixelOverItsKernel() {
    ConvTranspose2d up = new ConvTranspose2d(1, 1, 2).stride(2).weightInit(Init.ones()).biasInit(Init.constant(0.5));
    assertArrayEquals(new float[] {1.5f, 1.5f, 1.5f, 1.5f}, run(up, new float[] {1}, 1, 1, 1, 1));
    ConvTranspose2d decoder = new ConvTranspose2d(8, 4, 3).stride(2).padding(1).outputPadding(1);
    assertEquals(Shape.batched(4, 4, 4), decoder.outputShape(Shape.batched(8, 2, 2)));
    assertEquals(Shape.of(8, 4, 3, 3), decoder.parameters(Shape.batched(8, 2, 2)).get(0).shape());
    assertEquals("ConvTranspose2d 8->4 kernel 3x3 stride 2 padding 1 output padding 1", decoder.describe());
    assertEquals("ConvTranspose2d 8->4 kernel 3x3 no bias", new ConvTranspose2d(8, 4, 3).bias(false).describe());
    var ambiguous = assertThrows(ShapeMismatchException.class,
        () -> new ConvTranspose2d(1, 1, 3).outputPadding(1).outputShape(Shape.batched(1, 2, 2)));
    assertEquals("has output padding 1 but stride 1; the output padding must be smaller than the stride, as in"
        + " PyTorch", ambiguous.getMessage());
    var cropped = assertThrows(ShapeMismatchException.class,
        () -> new ConvTranspose2d(1, 1, 1).padding(1).outputShape(Shape.batched(1, 1, 1)));
    assertTrue(cropped.getMessage().startsWith("would crop its input"), cropped.getMessage());
    var channels = assertThrows(ShapeMismatchException.class, () -> up.outputShape(Shape.batched(2, 1, 1)));
    assertTrue(channels.getMessage().endsWith("set in_channels to 2"), channels.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ConvTranspose2d(0, 1, 1));
  }

  @Test
  void upsamplingRepeatsOrInterpolatesAsPyTorch() {
    float[] row = {1, 2};
    assertArrayEquals(new float[] {1, 1, 2, 2, 1, 1, 2, 2},
        run(new Upsample(2, Upsample.Mode.NEAREST), row, 1, 1, 1, 2));
    assertArrayEquals(new float[] {1, 1.25f, 1.75f, 2, 1, 1.25f, 1.75f, 2},
        run(new Upsample(2, Upsample.Mode.BILINEAR), row, 1, 1, 1, 2), 1e-6f);
    assertEquals("Upsample x2 bilinear", new Upsample(2, Upsample.Mode.BILINEAR).describe());
    var flat = assertThrows(ShapeMismatchException.class,
        () -> new Upsample(2, Upsample.Mode.NEAREST).outputShape(Shape.batched(4)));
    assertTrue(flat.getMessage().endsWith("Upsample takes images as [batch, channels, height, width]"),
        flat.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Upsample(0, Upsample.Mode.NEAREST));
  }

  /** A ViT's class token: one parameter of batch size 1, repeated over whatever batch runs. */
  private static Module classTokenBeforeEachRow() {
    return new Module() {
      private final Parameter cls = parameter("cls", Shape.of(1, 1, 2), Init.constant(0.5));

      @Override
      protected Tensor forward(Tensor rows) {
        return Tensor.concat(1, cls.value().expandBatch(rows), rows);
      }
    };
  }

  @Test
  void expandBatchRepeatsAClassTokenOverTheBatch() {
    var model = classTokenBeforeEachRow().build(Shape.batched(1, 2), 0L);
    float[] y = OrtRunner.run(model.model(), new float[] {1, 2, 3, 4, 5, 6}, 3, 1, 2);
    assertArrayEquals(new float[] {0.5f, 0.5f, 1, 2, 0.5f, 0.5f, 3, 4, 0.5f, 0.5f, 5, 6}, y, 0f);
    // The class token's gradient sums over the batch: building the training graph needs Expand's rule.
    ArtifactBuilder.forModel(model).loss(MeanSquaredErrorLoss.create()).optimizer(new Optimizer.Sgd()).build();
    assertEquals(java.util.List.of("cls"), model.trainable());
  }

  @Test
  void expandBatchSaysWhatIsWrong() {
    Module rowsOverRows = new Module() {
      @Override
      protected Tensor forward(Tensor rows) {
        return rows.expandBatch(rows);
      }
    };
    var e = assertThrows(ShapeMismatchException.class, () -> rowsOverRows.build(Shape.batched(2), 0L));
    assertTrue(e.getMessage().contains("expandBatch repeats a tensor of batch size 1 over the batch of another,"
        + " but gets [batch, 2] to repeat over [batch, 2]; give the repeated tensor a leading axis of size 1"),
        e.getMessage());
  }

  @Test
  void theEncoderLayerNamesAGeluActivation() {
    assertEquals("TransformerEncoderLayer 8 pre-norm GELU", new TransformerEncoderLayer(8, 2, 16, 0f)
        .normFirst(true).activation(TransformerEncoderLayer.Activation.GELU).describe());
    assertEquals("TransformerEncoderLayer 8", new TransformerEncoderLayer(8, 2).describe());
  }
}
