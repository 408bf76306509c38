package dev.ortrain.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.ortrain.processor.Compilations.assertSingleError;
import static dev.ortrain.processor.Compilations.assertWarning;
import static dev.ortrain.processor.Compilations.compile;

import com.google.testing.compile.Compilation;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** {@code @Schedule}: values, required settings, length against the training, declared versus computed. */
class ScheduleRulesTest {

  private static JavaFileObject scheduled(String schedule, String... trainer) {
    return Experiments.experiment(List.of(trainer), List.of(schedule),
        Experiments.PROVIDERS + "\n" + Experiments.VALIDATION);
  }

  @Test
  void warmupLongerThanTheTrainingInEpochs() {
    assertSingleError(compile(scheduled("@Schedule(unit = Unit.EPOCH, warmupSteps = 20)", "epochs = 10")),
        "[ortrain/WarmupTooLong] warmupSteps = 20 is longer than the training (10 epochs); the learning rate would"
            + " never reach its initial value", "warmupSteps = 20");
  }

  @Test
  void warmupInStepsLongerThanAnyTrainingCouldBe() {
    // 2^20 samples per batch: an epoch of at most 2^31 - 1 samples has at most 2048 steps.
    assertSingleError(compile(scheduled("@Schedule(warmupSteps = 5000)", "epochs = 1", "batchSize = 1048576")),
        "[ortrain/WarmupTooLong] warmupSteps = 5000 is longer than the training (2048 optimizer steps at most, even"
            + " with 2^31 - 1 samples); the learning rate would never reach its initial value", "warmupSteps = 5000");
  }

  @Test
  void warmupInStepsIsOtherwiseLeftToTheRuntimeWithANote() {
    Compilation compilation = compile(scheduled("@Schedule(warmupSteps = 100)"));
    assertThat(compilation).succeeded();
    assertThat(compilation).hadNoteContaining("[ortrain/CheckedAtRunTime] warmupSteps = 100 optimizer steps is"
        + " checked against the training length when training starts").inFile(compilation.sourceFiles().get(0))
        .onLineContaining("warmupSteps = 100");
  }

  @Test
  void stepScheduleThatNeverDecays() {
    assertSingleError(compile(scheduled("@Schedule(type = ScheduleType.STEP, unit = Unit.EPOCH, stepSize = 10)",
        "epochs = 10")), "[ortrain/ScheduleTooLong] stepSize = 10 is not shorter than the training (10 epochs); the"
            + " learning rate would never decay", "stepSize = 10");
  }

  @Test
  void multiStepScheduleThatNeverDecaysAfterItsWarmup() {
    assertSingleError(compile(scheduled("@Schedule(type = ScheduleType.MULTI_STEP, unit = Unit.EPOCH, warmupSteps = 2,"
        + " milestones = {8, 9})", "epochs = 10")), "[ortrain/ScheduleTooLong] milestones = 8 is not shorter than the"
            + " training (8 epochs after a warm-up of 2); the learning rate would never decay", "milestones =");
  }

  @Test
  void stepScheduleNeedsItsStepSize() {
    assertSingleError(compile(scheduled("@Schedule(type = ScheduleType.STEP)")), "[ortrain/MissingScheduleSetting]"
        + " type = STEP needs stepSize (steps or epochs between decays)", "@Schedule(type = ScheduleType.STEP)");
  }

  @Test
  void cosineNeedsItsLength() {
    assertSingleError(compile(scheduled("@Schedule(type = ScheduleType.COSINE)")), "[ortrain/MissingScheduleSetting]"
        + " type = COSINE needs tMax (steps or epochs from the initial to the minimum learning rate of cosine"
        + " annealing)", "@Schedule(type = ScheduleType.COSINE)");
  }

  @Test
  void multiStepNeedsMilestones() {
    assertSingleError(compile(scheduled("@Schedule(type = ScheduleType.MULTI_STEP)")),
        "[ortrain/MissingScheduleSetting] type = MULTI_STEP needs milestones (step or epoch at which the learning"
            + " rate is multiplied by gamma)", "@Schedule(type = ScheduleType.MULTI_STEP)");
  }

  @Test
  void milestonesMustIncrease() {
    assertSingleError(compile(scheduled("@Schedule(type = ScheduleType.MULTI_STEP, milestones = {30, 20})")),
        "[ortrain/MilestonesNotIncreasing] milestones must be strictly increasing, got [30, 20]", "milestones =");
  }

  @Test
  void milestoneOutOfRange() {
    assertSingleError(compile(scheduled("@Schedule(type = ScheduleType.MULTI_STEP, milestones = {0, 20})")),
        "[ortrain/OutOfRange] milestones: milestone = 0 is out of range; allowed: >= 1 (step or epoch at which the"
            + " learning rate is multiplied by gamma)", "milestones =");
  }

  @Test
  void gammaOutOfRange() {
    assertSingleError(compile(scheduled("@Schedule(type = ScheduleType.EXPONENTIAL, gamma = 1.5)")),
        "[ortrain/OutOfRange] gamma = 1.5 is out of range; allowed: (0, 1] (multiplicative decay factor)",
        "gamma = 1.5");
  }

  @Test
  void warmupStartFactorOutOfRange() {
    assertSingleError(compile(scheduled("@Schedule(warmupSteps = 10, warmupStartFactor = 0)")),
        "[ortrain/OutOfRange] warmupStartFactor = 0 is out of range; allowed: (0, 1] (fraction of the learning rate"
            + " warm-up starts from)", "warmupStartFactor = 0");
  }

  @Test
  void floorAboveTheInitialLearningRate() {
    assertSingleError(compile(scheduled("@Schedule(type = ScheduleType.COSINE, tMax = 100, minLearningRate = 0.5)")),
        "[ortrain/MinLearningRateAboveLearningRate] minLearningRate = 0.5 is above learningRate = 0.001; the schedule"
            + " would raise the learning rate", "minLearningRate = 0.5");
  }

  @Test
  void plateauCannotFollowAWarmup() {
    assertSingleError(compile(scheduled("@Schedule(type = ScheduleType.PLATEAU, warmupSteps = 10)")),
        "[ortrain/Conflict] type = PLATEAU reacts to validations and cannot follow a warm-up; set warmupSteps = 0 or"
            + " use another type", "warmupSteps = 10");
  }

  @Test
  void plateauFactorOutOfRange() {
    assertSingleError(compile(scheduled("@Schedule(type = ScheduleType.PLATEAU, factor = 1.0)")),
        "[ortrain/OutOfRange] factor = 1 is out of range; allowed: (0, 1) (multiplier applied on a plateau)",
        "factor = 1.0");
  }

  @Test
  void settingsTheTypeDoesNotReadAreIgnoredWithAWarning() {
    assertWarning(compile(scheduled("@Schedule(type = ScheduleType.COSINE, tMax = 100, gamma = 0.5)")),
        "[ortrain/IgnoredSetting] gamma is ignored by type = COSINE", "gamma = 0.5");
  }

  @Test
  void plateauStepsAfterValidationsWhateverTheUnit() {
    assertWarning(compile(scheduled("@Schedule(type = ScheduleType.PLATEAU, unit = Unit.EPOCH)")),
        "[ortrain/IgnoredSetting] unit is ignored by type = PLATEAU (it steps after every validation)",
        "unit = Unit.EPOCH");
  }

  @Test
  void cosineLongerThanTheTrainingEndsAboveItsFloor() {
    assertWarning(compile(scheduled("@Schedule(type = ScheduleType.COSINE, unit = Unit.EPOCH, tMax = 50)",
        "epochs = 10")), "[ortrain/Suspicious] tMax = 50 is longer than the training (10 epochs); the learning rate"
            + " ends above minLearningRate", "tMax = 50");
  }

  @Test
  void scheduleBothDeclaredAndComputed() {
    JavaFileObject source = Experiments.experiment(List.of(), List.of("@Schedule(type = ScheduleType.EXPONENTIAL)"),
        Experiments.PROVIDERS + "\n  @Schedule\n  double rate(long step, int epoch, double baseLr) { return baseLr; }");
    assertSingleError(compile(source), "[ortrain/ScheduleTwice] the schedule is both declared on Exp and computed by"
        + " rate(); keep one of them", "  @Schedule");
  }

  @Test
  void twoComputedSchedules() {
    JavaFileObject source = Experiments.withMembers(
        "  @Schedule double first(long step, int epoch, double baseLr) { return baseLr; }",
        "  @Schedule double second(long step, int epoch, double baseLr) { return baseLr; }");
    assertSingleError(compile(source), "[ortrain/Conflict] the schedule is computed by both first() and second();"
        + " keep one @Schedule method", "double second(");
  }

  @Test
  void computedScheduleWithTheWrongParameters() {
    assertSingleError(compile(Experiments.withMembers("  @Schedule double rate(long step) { return 0.1; }")),
        "[ortrain/ScheduleMethod] a @Schedule method must be declared as `double rate(long step, int epoch, double"
            + " baseLr)` and be neither private nor static; rate() takes (long)", "double rate(");
  }

  @Test
  void computedScheduleThatIsStaticAndReturnsFloat() {
    Compilation compilation = compile(Experiments.withMembers(
        "  @Schedule static float rate(long step, long epoch, double baseLr) { return 0.1f; }"));
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation).hadErrorContaining("rate() is static").inFile(compilation.sourceFiles().get(0))
        .onLineContaining("float rate(");
    assertThat(compilation).hadErrorContaining("rate() returns float");
  }

  @Test
  void declarativeSettingsOnAComputedScheduleAreIgnored() {
    assertWarning(compile(Experiments.withMembers(
        "  @Schedule(warmupSteps = 5) double rate(long step, int epoch, double baseLr) { return baseLr; }")),
        "[ortrain/IgnoredSetting] warmupSteps is ignored on a @Schedule method (only unit is read there)",
        "warmupSteps = 5");
  }
}
