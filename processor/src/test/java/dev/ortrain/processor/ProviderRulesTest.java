package dev.ortrain.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.ortrain.processor.Compilations.assertSingleError;
import static dev.ortrain.processor.Compilations.assertWarning;
import static dev.ortrain.processor.Compilations.compile;

import com.google.testing.compile.Compilation;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** One model, loss and training-data provider each, callable and returning what the runtime takes. */
class ProviderRulesTest {
  private static final String MODEL = "  @Model(inputShape = {4})\n"
      + "  Sequential model() { return Sequential.of(new Linear(4, 3)); }";
  private static final String LOSS = "  @Loss\n  CrossEntropyLoss loss() { return CrossEntropyLoss.create(); }";
  private static final String TRAIN = "  @TrainData\n  Dataset train() { return tiny(); }";

  private static JavaFileObject members(String... members) {
    return Experiments.experiment(List.of(), List.of(), String.join("\n", members));
  }

  @Test
  void missingModel() {
    assertSingleError(compile(members(LOSS, TRAIN)), "[ortrain/MissingProvider] Exp has no @Model method; add one"
        + " returning a ForwardModel, a Sequential or a Module", "@Trainer");
  }

  @Test
  void missingTrainingData() {
    assertSingleError(compile(members(MODEL, LOSS)), "[ortrain/MissingProvider] Exp has no @TrainData method; add one"
        + " returning a Dataset", "@Trainer");
  }

  @Test
  void duplicateLoss() {
    assertSingleError(compile(members(MODEL, LOSS, TRAIN, "  @Loss CrossEntropyLoss other() { return null; }")),
        "[ortrain/DuplicateProvider] @Loss is already on loss(); an experiment has one loss provider",
        "CrossEntropyLoss other()");
  }

  @Test
  void privateProvider() {
    assertSingleError(compile(members(MODEL, TRAIN, "  @Loss private CrossEntropyLoss loss() { return null; }")),
        "[ortrain/ProviderSignature] @Loss method loss() is private; the generated module calls it, make it"
            + " package-private or wider", "private CrossEntropyLoss loss()");
  }

  @Test
  void providerWithParameters() {
    assertSingleError(compile(members(MODEL, LOSS, "  @TrainData Dataset train(int size) { return tiny(); }")),
        "[ortrain/ProviderSignature] @TrainData method train() takes parameters; providers take none (inject what"
            + " they need through the constructor)", "Dataset train(int size)");
  }

  @Test
  void providerReturningTheWrongType() {
    assertSingleError(compile(members(MODEL, TRAIN, "  @Loss String loss() { return \"mse\"; }")),
        "[ortrain/ProviderSignature] @Loss method loss() returns java.lang.String; return a dev.ortrain.loss.Loss"
            + " such as CrossEntropyLoss.create()", "String loss()");
  }

  @Test
  void sequentialNeedsAnInputShape() {
    assertSingleError(compile(members(LOSS, TRAIN, "  @Model Sequential model() { return null; }")),
        "[ortrain/MissingInputShape] @Model returns a Sequential or a Module, which is built for an input shape;"
            + " give it, e.g. @Model(inputShape = {1, 28, 28}) for one 28×28 grey-scale image", "@Model Sequential");
  }

  /** Token ids: a Module whose first layer is an Embedding is built for int64 input of the declared shape. */
  @Test
  void anInt64ModuleIsBuiltForItsTokenIds() {
    Compilation compilation = compile(members(LOSS, TRAIN,
        "  static final class Tokens extends dev.ortrain.nn.Module {",
        "    private final dev.ortrain.nn.Embedding embed = register(\"embed\", new dev.ortrain.nn.Embedding(10, 4));",
        "    private final Linear head = register(\"head\", new Linear(4, 3));",
        "    @Override protected dev.ortrain.nn.Tensor forward(dev.ortrain.nn.Tensor x) {",
        "      return head.apply(embed.apply(x).mean(1));",
        "    }",
        "  }",
        "  @Model(inputShape = {6}, inputType = dev.ortrain.annotations.InputType.INT64)",
        "  Tokens model() { return new Tokens(); }"));
    assertThat(compilation).succeeded();
    assertThat(compilation).generatedSourceFile("test/ExpModule").contentsAsUtf8String()
        .contains("return experiment.model().build(new TensorType(DataType.INT64, Shape.batched(6L)), config.seed());");
  }

  @Test
  void int64InputIsRefusedForASequentialAndIgnoredForABuiltModel() {
    assertSingleError(compile(members(LOSS, TRAIN, "  @Model(inputShape = {4}, inputType ="
        + " dev.ortrain.annotations.InputType.INT64) Sequential model() { return null; }")),
        "[ortrain/Int64InputNeedsModule] inputType = INT64 is taken by a model written as a Module (its first layer"
            + " an Embedding); return a Module, or a ForwardModel built for int64 input", "inputType");
    assertWarning(compile(members(LOSS, TRAIN, "  @Model(inputType = dev.ortrain.annotations.InputType.INT64)\n"
        + "  dev.ortrain.artifacts.ForwardModel model() {\n    return Sequential.of(new Linear(4, 3))"
        + ".build(dev.ortrain.graph.Shape.batched(4), 1L);\n  }")),
        "[ortrain/IgnoredSetting] inputType is ignored when @Model returns a ForwardModel (it was built for its input"
            + " already)", "@Model(inputType");
  }

  /** A model written as a Module (residuals and the like) is built as a Sequential is: for its shape and seed. */
  @Test
  void aModuleIsBuiltForItsInputShapeWithTheRunsSeed() {
    Compilation compilation = compile(members(LOSS, TRAIN,
        "  static final class Residual extends dev.ortrain.nn.Module {",
        "    private final Linear fc = register(\"fc\", new Linear(4, 4));",
        "    private final Linear head = register(\"head\", new Linear(4, 3));",
        "    @Override protected dev.ortrain.nn.Tensor forward(dev.ortrain.nn.Tensor x) {",
        "      return head.apply(fc.apply(x).add(x));",
        "    }",
        "  }",
        "  @Model(inputShape = {4})",
        "  Residual model() { return new Residual(); }"));
    assertThat(compilation).succeeded();
    assertThat(compilation).generatedSourceFile("test/ExpModule").contentsAsUtf8String()
        .contains("return experiment.model().build(Shape.batched(4L), config.seed());");
  }

  @Test
  void inputShapeDimensionsArePositive() {
    assertSingleError(compile(members(LOSS, TRAIN,
        "  @Model(inputShape = {1, 0}) Sequential model() { return null; }")),
        "[ortrain/OutOfRange] inputShape = [1, 0] has a dimension < 1; give the size of one sample without the batch,"
            + " e.g. {1, 28, 28}", "inputShape = {1, 0}");
  }

  @Test
  void aForwardModelHasItsShapesAlready() {
    assertWarning(compile(members(LOSS, TRAIN, "  @Model(inputShape = {4}) dev.ortrain.artifacts.ForwardModel model()"
        + " {\n    return Sequential.of(new Linear(4, 3)).build(dev.ortrain.graph.Shape.batched(4), 1L);\n  }")),
        "[ortrain/IgnoredSetting] inputShape is ignored when @Model returns a ForwardModel (it was built for its input"
            + " already)", "@Model(inputShape = {4}) dev.ortrain");
  }
}
