package dev.ortrain.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.artifacts.ForwardModel;
import dev.ortrain.artifacts.Optimizer;
import dev.ortrain.graph.DataType;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.importer.FamilyFixture.Export;
import dev.ortrain.nn.AdaptiveAvgPool2d;
import dev.ortrain.nn.BatchNorm2d;
import dev.ortrain.nn.Conv2d;
import dev.ortrain.nn.Conv1d;
import dev.ortrain.nn.ConvTranspose2d;
import dev.ortrain.nn.Embedding;
import dev.ortrain.nn.GRU;
import dev.ortrain.nn.Init;
import dev.ortrain.nn.LSTM;
import dev.ortrain.nn.Layer;
import dev.ortrain.nn.LayerNorm;
import dev.ortrain.nn.Linear;
import dev.ortrain.nn.MaxPool1d;
import dev.ortrain.nn.MaxPool2d;
import dev.ortrain.nn.Module;
import dev.ortrain.nn.ReLU;
import dev.ortrain.nn.Sequential;
import dev.ortrain.nn.StateDict;
import dev.ortrain.nn.Tensor;
import dev.ortrain.nn.TransformerEncoder;
import dev.ortrain.nn.TransformerEncoderLayer;
import dev.ortrain.nn.TransformerEncoderLayer.Activation;
import dev.ortrain.nn.Upsample;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The families of make_family_fixtures.py written in Java with dev.ortrain.nn, line for line as the script's
 * PyTorch modules, with the script's initial weights loaded by parameter name: they train as PyTorch did
 * (losses of three SGD and three AdamW steps to 1e-5 relative, first gradients to 1e-4).
 */
class JavaWrittenFamiliesTest {
  private static final double GRADIENT_ATOL = 1e-4;

  @TempDir Path dir;

  /** The script's BasicBlock: two 3x3 convolutions and a shortcut, 1x1 strided where the shape changes. */
  static final class BasicBlock extends Module {
    private final Conv2d conv1;
    private final BatchNorm2d bn1;
    private final Conv2d conv2;
    private final BatchNorm2d bn2;
    private final Sequential shortcut;

    BasicBlock(long in, long out, int stride) {
      conv1 = register("conv1", new Conv2d(in, out, 3).stride(stride).padding(1).bias(false));
      bn1 = register("bn1", new BatchNorm2d(out));
      conv2 = register("conv2", new Conv2d(out, out, 3).padding(1).bias(false));
      bn2 = register("bn2", new BatchNorm2d(out));
      shortcut = stride == 1 && in == out ? null : register("shortcut",
          Sequential.of(new Conv2d(in, out, 1).stride(stride).bias(false), new BatchNorm2d(out)));
    }

    @Override
    protected Tensor forward(Tensor x) {
      Tensor y = bn1.apply(conv1.apply(x)).relu();
      y = bn2.apply(conv2.apply(y));
      return y.add(shortcut == null ? x : shortcut.apply(x)).relu();
    }
  }

  static final class ResNet extends Module {
    private final Sequential stem = register("stem",
        Sequential.of(new Conv2d(3, 8, 3).padding(1).bias(false), new BatchNorm2d(8), new ReLU()));
    private final BasicBlock layer1 = register("layer1", new BasicBlock(8, 8, 1));
    private final BasicBlock layer2 = register("layer2", new BasicBlock(8, 16, 2));
    private final AdaptiveAvgPool2d pool = register("pool", new AdaptiveAvgPool2d(1));
    private final Linear fc = register("fc", new Linear(16, 5));

    @Override
    protected Tensor forward(Tensor x) {
      return fc.apply(pool.apply(layer2.apply(layer1.apply(stem.apply(x)))).flatten());
    }
  }

  /** The script's TransformerClassifier: token 0 is padding, masked in attention and in the mean. */
  static final class TransformerClassifier extends Module {
    private final Embedding embed = register("embed", new Embedding(20, 16));
    private final Parameter position = parameter("position", Shape.of(1, 6, 16), Init.normal(0.1));
    private final TransformerEncoder encoder = register("encoder",
        new TransformerEncoder(() -> new TransformerEncoderLayer(16, 4, 32, 0f), 2));
    private final Linear head = register("head", new Linear(16, 3));

    @Override
    protected Tensor forward(Tensor tokens) {
      Tensor padding = tokens.equal(0);
      Tensor x = embed.apply(tokens).add(position.value());
      x = encoder.apply(x, padding);
      Tensor keep = padding.not().unsqueeze(-1).toFloat();
      return head.apply(x.mul(keep).sum(1).div(keep.sum(1)));
    }
  }

  /** The script's Recurrent: a 2-layer LSTM or GRU of hidden size 12, classified from the last time step. */
  static final class RecurrentClassifier extends Module {
    private final Layer rnn;
    private final Linear head;

    RecurrentClassifier(Layer cell, long features) {
      rnn = register("rnn", cell);
      head = register("head", new Linear(features, 3));
    }

    @Override
    protected Tensor forward(Tensor x) {
      return head.apply(rnn.apply(x).select(1, -1));
    }
  }

  /** The script's Recurrent with last_state: classified from the top layer's last hidden states. */
  static final class LastStateClassifier extends Module {
    private final Layer rnn;
    private final Linear head;

    LastStateClassifier(Layer cell, long features) {
      rnn = register("rnn", cell);
      head = register("head", new Linear(features, 3));
    }

    @Override
    protected Tensor forward(Tensor x) {
      return head.apply(rnn.apply(x));
    }
  }

  /** The script's CausalLm: learned positions, 2 decoder blocks, the output layer tied to the embedding. */
  static final class CausalLm extends Module {
    private final Embedding embed = register("embed", new Embedding(24, 16).weightInit(Init.normal(0.02)));
    private final Embedding position = register("position", new Embedding(6, 16));
    private final TransformerEncoder blocks = register("blocks",
        new TransformerEncoder(() -> TransformerEncoderLayer.decoderBlock(16, 4, 32, 0f), 2));
    private final LayerNorm norm = register("norm", new LayerNorm(16));
    private final Linear out = register("out", new Linear(16, 24).bias(false).tiedTo(embed));

    @Override
    protected Tensor forward(Tensor tokens) {
      Tensor x = embed.apply(tokens).add(position.apply(tokens.positions(1)));
      return out.apply(norm.apply(blocks.apply(x))).flatten(0, 1);
    }
  }

  /**
   * The script's Vit: 4x4 patches by a strided convolution, a class token, learned positions, 2 pre-norm GELU
   * encoder layers, the head on the class token.
   */
  static final class Vit extends Module {
    private final Conv2d patch = register("patch", new Conv2d(3, 16, 4).stride(4));
    private final Parameter cls = parameter("cls", Shape.of(1, 1, 16), Init.normal(0.1));
    private final Parameter position = parameter("position", Shape.of(1, 17, 16), Init.normal(0.1));
    private final TransformerEncoder encoder = register("encoder", new TransformerEncoder(
        () -> new TransformerEncoderLayer(16, 4, 32, 0f).normFirst(true).activation(Activation.GELU), 2));
    private final LayerNorm norm = register("norm", new LayerNorm(16));
    private final Linear head = register("head", new Linear(16, 5));

    @Override
    protected Tensor forward(Tensor images) {
      Tensor x = patch.apply(images).flatten(2, 3).transpose(1, 2);
      x = Tensor.concat(1, cls.value().expandBatch(x), x).add(position.value());
      return head.apply(norm.apply(encoder.apply(x)).select(1, 0));
    }
  }

  static final class Conv1dNet extends Module {
    private final Conv1d conv = register("conv", new Conv1d(2, 4, 3).padding(1));
    private final MaxPool1d pool = register("pool", new MaxPool1d(2));
    private final Conv1d conv2 = register("conv2", new Conv1d(4, 4, 3));
    private final Linear fc = register("fc", new Linear(4 * 4, 3));

    @Override
    protected Tensor forward(Tensor x) {
      x = pool.apply(conv.apply(x).relu());
      return fc.apply(conv2.apply(x).relu().flatten());
    }
  }

  static final class ConvAutoencoder extends Module {
    private final Sequential encoder = register("encoder", Sequential.of(new Conv2d(1, 4, 3).stride(2).padding(1),
        new ReLU(), new Conv2d(4, 8, 3).stride(2).padding(1), new ReLU()));
    private final Sequential decoder = register("decoder", Sequential.of(
        new ConvTranspose2d(8, 4, 3).stride(2).padding(1).outputPadding(1), new ReLU(),
        new ConvTranspose2d(4, 1, 3).stride(2).padding(1).outputPadding(1)));

    @Override
    protected Tensor forward(Tensor x) {
      return decoder.apply(encoder.apply(x));
    }
  }

  /** The script's UNet: two levels, skip concatenations, nearest upsampling below and bilinear above. */
  static final class UNet extends Module {
    private final Sequential down1 = register("down1", convRelu(1, 4));
    private final Sequential down2 = register("down2", convRelu(4, 8));
    private final Sequential bottom = register("bottom", convRelu(8, 8));
    private final Upsample up2 = register("up2", new Upsample(2, Upsample.Mode.NEAREST));
    private final Sequential dec2 = register("dec2", convRelu(16, 4));
    private final Upsample up1 = register("up1", new Upsample(2, Upsample.Mode.BILINEAR));
    private final Sequential dec1 = register("dec1", convRelu(8, 4));
    private final Conv2d out = register("out", new Conv2d(4, 3, 1));
    private final MaxPool2d pool = register("pool", new MaxPool2d(2));

    private static Sequential convRelu(long in, long out) {
      return Sequential.of(new Conv2d(in, out, 3).padding(1), new ReLU());
    }

    @Override
    protected Tensor forward(Tensor x) {
      Tensor d1 = down1.apply(x);
      Tensor d2 = down2.apply(pool.apply(d1));
      Tensor b = bottom.apply(pool.apply(d2));
      Tensor u2 = dec2.apply(Tensor.concat(1, up2.apply(b), d2));
      Tensor u1 = dec1.apply(Tensor.concat(1, up1.apply(u2), d1));
      return out.apply(u1);
    }
  }

  static Stream<Arguments> families() {
    Supplier<ForwardModel> resnet = () -> new ResNet().build(Shape.batched(3, 8, 8), 0L);
    Supplier<ForwardModel> transformer = () -> new TransformerClassifier()
        .build(new TensorType(DataType.INT64, Shape.batched(6)), 0L);
    Supplier<ForwardModel> lstm = () -> new RecurrentClassifier(new LSTM(5, 12, 2), 12)
        .build(Shape.batched(7, 5), 0L);
    Supplier<ForwardModel> gru = () -> new RecurrentClassifier(new GRU(5, 12, 2), 12).build(Shape.batched(7, 5), 0L);
    Supplier<ForwardModel> bilstm = () -> new RecurrentClassifier(new LSTM(5, 12, 2).bidirectional(), 24)
        .build(Shape.batched(7, 5), 0L);
    Supplier<ForwardModel> bigruState = () -> new LastStateClassifier(new GRU(5, 12, 2).bidirectional().lastState(),
        24).build(Shape.batched(7, 5), 0L);
    Supplier<ForwardModel> causalLm = () -> new CausalLm().build(new TensorType(DataType.INT64, Shape.batched(6)), 0L);
    Supplier<ForwardModel> conv1d = () -> new Conv1dNet().build(Shape.batched(2, 12), 0L);
    Supplier<ForwardModel> autoencoder = () -> new ConvAutoencoder().build(Shape.batched(1, 8, 8), 0L);
    Supplier<ForwardModel> unet = () -> new UNet().build(Shape.batched(1, 8, 8), 0L);
    Supplier<ForwardModel> vit = () -> new Vit().build(Shape.batched(3, 16, 16), 0L);
    return Stream.of(Arguments.of("conv1d", conv1d), Arguments.of("autoencoder", autoencoder),
        Arguments.of("unet", unet), Arguments.of("resnet", resnet), Arguments.of("transformer", transformer),
        Arguments.of("lstm", lstm), Arguments.of("gru", gru), Arguments.of("causal_lm", causalLm),
        Arguments.of("vit", vit), Arguments.of("bilstm", bilstm), Arguments.of("bigru_state", bigruState));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("families")
  void lossesOfSgdAndAdamWStepsMatchPyTorch(String family, Supplier<ForwardModel> javaModel) {
    FamilyFixture f = FamilyFixture.load(family);
    ForwardModel model = withPyTorchWeights(f, javaModel.get());
    FamilyTrainer.assertLosses("SGD", f.sgdLosses(),
        FamilyTrainer.trajectory(dir, f, model, new Optimizer.Sgd(), FamilyFixture.SGD_LR));
    FamilyTrainer.assertLosses("AdamW", f.adamwLosses(),
        FamilyTrainer.trajectory(dir, f, model, Optimizer.AdamW.defaults(), FamilyFixture.ADAMW_LR));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("families")
  void parametersAreNamedAndTrainedAsInPyTorch(String family, Supplier<ForwardModel> javaModel) {
    FamilyFixture f = FamilyFixture.load(family);
    ForwardModel model = withPyTorchWeights(f, javaModel.get());
    assertEquals(f.gradients().keySet(), new TreeSet<>(model.trainable()), "trainable parameters");
    for (Map.Entry<String, float[]> e : FamilyTrainer.firstGradients(dir, f, model).entrySet()) {
      Agreement a = Agreement.of(f.gradients().get(e.getKey()), e.getValue());
      assertTrue(a.maxAbs() <= GRADIENT_ATOL, family + ": gradient of " + e.getKey() + " differs from PyTorch's"
          + " by up to " + a.maxAbs());
    }
  }

  /** The summary lists each layer by its PyTorch path; PyTorch counts 5,181 trainable parameters. */
  @Test
  void theResNetSummaryListsEveryLayerByItsPath() {
    assertEquals(String.join("\n",
        "Layer                                                              Output shape       Params",
        "--------------------------------------------------------------------------------------------",
        "input                                                              [batch, 3, 8, 8]        0",
        "stem.0 (Conv2d 3->8 kernel 3x3 padding 1 no bias)                  [batch, 8, 8, 8]      216",
        "stem.1 (BatchNorm2d 8)                                             [batch, 8, 8, 8]       32",
        "stem.2 (ReLU)                                                      [batch, 8, 8, 8]        0",
        "layer1.conv1 (Conv2d 8->8 kernel 3x3 padding 1 no bias)            [batch, 8, 8, 8]      576",
        "layer1.bn1 (BatchNorm2d 8)                                         [batch, 8, 8, 8]       32",
        "layer1.conv2 (Conv2d 8->8 kernel 3x3 padding 1 no bias)            [batch, 8, 8, 8]      576",
        "layer1.bn2 (BatchNorm2d 8)                                         [batch, 8, 8, 8]       32",
        "layer2.conv1 (Conv2d 8->16 kernel 3x3 stride 2 padding 1 no bias)  [batch, 16, 4, 4]   1,152",
        "layer2.bn1 (BatchNorm2d 16)                                        [batch, 16, 4, 4]      64",
        "layer2.conv2 (Conv2d 16->16 kernel 3x3 padding 1 no bias)          [batch, 16, 4, 4]   2,304",
        "layer2.bn2 (BatchNorm2d 16)                                        [batch, 16, 4, 4]      64",
        "layer2.shortcut.0 (Conv2d 8->16 kernel 1x1 stride 2 no bias)       [batch, 16, 4, 4]     128",
        "layer2.shortcut.1 (BatchNorm2d 16)                                 [batch, 16, 4, 4]      64",
        "pool (AdaptiveAvgPool2d 1x1)                                       [batch, 16, 1, 1]       0",
        "fc (Linear 16->5)                                                  [batch, 5]             85",
        "--------------------------------------------------------------------------------------------",
        "Total params: 5,325",
        "Trainable params: 5,181",
        "Non-trainable params: 144",
        ""), new ResNet().summary(Shape.batched(3, 8, 8)));
  }

  /** The attention's own parameters appear under the attention; the positions under the model. */
  @Test
  void theTransformerSummaryCountsAsPyTorch() {
    String summary = new TransformerClassifier().summary(new TensorType(DataType.INT64, Shape.batched(6)));
    assertTrue(summary.contains("encoder.layers.1.self_attn.in_proj_weight (Parameter)  [48, 16]             768"),
        summary);
    assertTrue(summary.contains("position (Parameter)                                   [1, 6, 16]            96"),
        summary);
    assertTrue(summary.endsWith("Total params: 4,915\nTrainable params: 4,915\nNon-trainable params: 0\n"), summary);
  }

  /** The tied output layer has no weight of its own: the embedding's is counted once, as PyTorch counts it. */
  @Test
  void theTiedOutputLayerAddsNoParameters() {
    String summary = new CausalLm().summary(new TensorType(DataType.INT64, Shape.batched(6)));
    assertTrue(summary.contains("out (Linear 16->24 no bias tied to Embedding 24x16)   [batch, 6, 24]         0"),
        summary);
    assertTrue(summary.contains("embed (Embedding 24x16)"), summary);
    // PyTorch: sum(p.numel() for p in CausalLm().parameters()) = 4,960.
    assertTrue(summary.endsWith("Total params: 4,960\nTrainable params: 4,960\nNon-trainable params: 0\n"), summary);
  }

  private static ForwardModel withPyTorchWeights(FamilyFixture f, ForwardModel model) {
    return StateDict.fromOnnx(f.model(Export.TRAINING)).loadInto(model);
  }
}
