package dev.ortrain.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.ortrain.processor.Compilations.assertSingleError;
import static dev.ortrain.processor.Compilations.assertWarning;
import static dev.ortrain.processor.Compilations.compile;
import static dev.ortrain.processor.Experiments.withTrainer;
import static dev.ortrain.processor.Experiments.withTrainerAndValidation;

import com.google.testing.compile.Compilation;
import dev.ortrain.rules.ConfigRules;
import dev.ortrain.rules.Range;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code @Trainer} values: ranges (with the runtime's own messages), device, optimizer settings. */
class ValueRulesTest {

  @Test
  void epochsOutOfRangeIsReportedOnTheValueWithTheRuntimesMessage() {
    assertSingleError(compile(withTrainer("epochs = 0")), "[ortrain/OutOfRange] epochs = 0 is out of range; allowed:"
        + " [1, 1000000] (number of passes over the training data)", "epochs = 0");
  }

  static Stream<Arguments> outOfRange() {
    return Stream.of(
        Arguments.of("batchSize = 0", ConfigRules.BATCH_SIZE, 0),
        Arguments.of("threads = -1", ConfigRules.THREADS, -1),
        Arguments.of("learningRate = 0", ConfigRules.LEARNING_RATE, 0),
        Arguments.of("beta1 = 1.0", ConfigRules.BETA1, 1.0),
        Arguments.of("beta2 = -0.1", ConfigRules.BETA2, -0.1),
        Arguments.of("epsilon = 0", ConfigRules.EPSILON, 0),
        Arguments.of("weightDecay = 2", ConfigRules.WEIGHT_DECAY, 2),
        Arguments.of("accumulationSteps = 0", ConfigRules.ACCUMULATION_STEPS, 0),
        Arguments.of("clipGradNorm = -1", ConfigRules.CLIP_GRAD_NORM, -1),
        Arguments.of("validationFraction = 1.5", ConfigRules.VALIDATION_FRACTION, 1.5),
        Arguments.of("keepLast = -1", ConfigRules.KEEP_LAST, -1),
        Arguments.of("minDelta = -0.5", ConfigRules.MIN_DELTA, -0.5),
        Arguments.of("patience = 0", ConfigRules.PATIENCE, 0),
        Arguments.of("maxSkippedSteps = -1", ConfigRules.MAX_SKIPPED, -1),
        Arguments.of("validationBatches = -1", ConfigRules.VALIDATION_BATCHES, -1),
        Arguments.of("validateEvery = 0", ConfigRules.EVERY, 0));
  }

  @ParameterizedTest
  @MethodSource("outOfRange")
  void everyTrainerRangeIsChecked(String attribute, Range rule, double value) {
    String name = attribute.substring(0, attribute.indexOf(' '));
    String prefix = name.equals(rule.field()) ? "" : name + ": ";
    assertSingleError(compile(withTrainerAndValidation(attribute)),
        "[ortrain/OutOfRange] " + prefix + rule.check(value).orElseThrow(), attribute);
  }

  /** Both ends, with the literal text: -1 (automatic) is a value in the range, not a sentinel that skips it. */
  @ParameterizedTest
  @ValueSource(ints = {-2, 65})
  void prefetchOutOfRangeIsReportedOnTheValue(int prefetch) {
    String attribute = "prefetch = " + prefetch;
    assertSingleError(compile(withTrainer(attribute)), "[ortrain/OutOfRange] " + attribute + " is out of range;"
        + " allowed: [-1, 64] (batches prepared ahead on a background thread; 0 = on the training thread,"
        + " -1 = automatic)", attribute);
  }

  @Test
  void momentumOutOfRangeWithSgd() {
    assertSingleError(compile(withTrainer("optimizer = OptimizerType.SGD", "momentum = 1.0")),
        "[ortrain/OutOfRange] momentum = 1 is out of range; allowed: [0, 1) (SGD momentum factor)", "momentum = 1.0");
  }

  @Test
  void attributesNamedOtherwiseThanTheirRuleAreNamedInTheMessage() {
    assertSingleError(compile(withTrainer("checkpointEvery = -2")), "[ortrain/OutOfRange] checkpointEvery: every = -2"
        + " is out of range; allowed: >= 1 (frequency in epochs or steps)", "checkpointEvery = -2");
  }

  @Test
  void unknownDevice() {
    assertSingleError(compile(withTrainer("device = \"tpu\"")),
        "[ortrain/BadDevice] device = \"tpu\" is not a device; use \"cpu\", \"cuda\" or \"cuda:<id>\"", "device =");
  }

  @Test
  void cudaDeviceIdOutOfRange() {
    assertSingleError(compile(withTrainer("device = \"cuda:2000\"")), "[ortrain/OutOfRange] device: deviceId = 2000"
        + " is out of range; allowed: [0, 1024] (CUDA device ordinal)", "device =");
  }

  @Test
  void cudaWithAnIdThatIsNoNumber() {
    assertSingleError(compile(withTrainer("device = \"cuda:x\"")), "[ortrain/BadDevice] device = \"cuda:x\" names no"
        + " GPU: \"x\" is not a device id; use \"cuda:<id>\" with a number, e.g. \"cuda:0\" for the first GPU",
        "device =");
  }

  @Test
  void negativeCudaDeviceId() {
    assertSingleError(compile(withTrainer("device = \"cuda:-1\"")), "[ortrain/OutOfRange] device: deviceId = -1"
        + " is out of range; allowed: [0, 1024] (CUDA device ordinal)", "device =");
  }

  /** As the runtime reads it: case and surrounding spaces do not matter. */
  @Test
  void cudaDeviceIgnoringCaseAndSpaces() {
    Compilation compilation = compile(withTrainer("device = \" CUDA:1 \""));
    assertThat(compilation).succeeded();
    assertThat(compilation.diagnostics().stream().map(d -> d.getMessage(null))
        .filter(m -> m.contains("[ortrain/")).toList()).isEmpty();
  }

  /** "gpu" is an alias the runtime accepts; a note says which GPU it is, on the value. */
  @Test
  void gpuIsTheFirstCudaDevice() {
    Compilation compilation = compile(withTrainer("device = \"gpu\""));
    assertThat(compilation).succeeded();
    Compilations.assertAt(compilation, Diagnostic.Kind.NOTE, "[ortrain/DeviceAlias] device = \"gpu\" means"
        + " \"cuda:0\" (the first GPU)", "device =", "\"gpu\"");
  }

  @Test
  void nesterovNeedsMomentum() {
    assertSingleError(compile(withTrainer("optimizer = OptimizerType.SGD", "nesterov = true")),
        "[ortrain/NesterovWithoutMomentum] nesterov = true needs momentum > 0 (as in PyTorch); set momentum, e.g. 0.9",
        "nesterov = true");
  }

  @Test
  void sgdSettingsWithAdamwAreIgnoredWithAWarning() {
    assertWarning(compile(withTrainer("momentum = 0.9")),
        "[ortrain/IgnoredSetting] momentum is ignored by optimizer = ADAMW (it applies to SGD only)", "momentum = 0.9");
  }

  @Test
  void adamwSettingsWithSgdAreIgnoredWithAWarning() {
    assertWarning(compile(withTrainer("optimizer = OptimizerType.SGD", "beta1 = 0.8")),
        "[ortrain/IgnoredSetting] beta1 is ignored by optimizer = SGD (it applies to ADAMW only)", "beta1 = 0.8");
  }
}
