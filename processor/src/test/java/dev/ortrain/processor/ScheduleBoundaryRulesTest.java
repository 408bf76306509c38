package dev.ortrain.processor;

import static com.google.common.truth.Truth.assertThat;
import static dev.ortrain.processor.Compilations.assertSingleError;
import static dev.ortrain.processor.Compilations.assertWarning;
import static dev.ortrain.processor.Compilations.compile;

import com.google.testing.compile.Compilation;
import java.util.List;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * {@code @Schedule} lengths and milestones at their boundaries: a schedule exactly as long as the training, one
 * epoch shorter, and a milestone equal to the one before.
 */
class ScheduleBoundaryRulesTest {
  private static JavaFileObject scheduled(String schedule, String... trainer) {
    return Experiments.experiment(List.of(trainer), List.of(schedule),
        Experiments.PROVIDERS + "\n" + Experiments.VALIDATION);
  }

  /** The ortrain diagnostics of a successful build, notes aside. */
  private static List<String> ortrainWarnings(Compilation compilation) {
    assertThat(compilation.status()).isEqualTo(Compilation.Status.SUCCESS);
    return compilation.diagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.WARNING)
        .map(d -> d.getMessage(null)).filter(m -> m.startsWith("[ortrain/")).toList();
  }

  @Test
  void aRepeatedMilestoneIsNotIncreasing() {
    assertSingleError(compile(scheduled("@Schedule(type = ScheduleType.MULTI_STEP, milestones = {20, 20})")),
        "[ortrain/MilestonesNotIncreasing] milestones must be strictly increasing, got [20, 20]", "milestones =");
  }

  /** A cosine of exactly the training's length reaches its floor at the last epoch: nothing to warn about. */
  @Test
  void aCosineAsLongAsTheTrainingIsFineAndOneEpochLongerIsNot() {
    assertThat(ortrainWarnings(compile(scheduled("@Schedule(type = ScheduleType.COSINE, unit = Unit.EPOCH, tMax = 10)",
        "epochs = 10")))).isEmpty();
    assertWarning(compile(scheduled("@Schedule(type = ScheduleType.COSINE, unit = Unit.EPOCH, tMax = 11)",
        "epochs = 10")), "[ortrain/Suspicious] tMax = 11 is longer than the training (10 epochs); the learning rate"
            + " ends above minLearningRate", "tMax = 11");
  }

  /** A floor equal to the initial rate (2^-7, exact in float and double) is accepted; only one above it is refused. */
  @Test
  void aMinLearningRateEqualToTheLearningRateIsAccepted() {
    assertThat(ortrainWarnings(compile(scheduled(
        "@Schedule(type = ScheduleType.COSINE, unit = Unit.EPOCH, tMax = 10, minLearningRate = 0.0078125)",
        "epochs = 10", "learningRate = 0.0078125")))).isEmpty();
  }

  @Test
  void aStepSizeOneEpochShorterThanTheTrainingDecaysOnce() {
    assertThat(ortrainWarnings(compile(scheduled("@Schedule(type = ScheduleType.STEP, unit = Unit.EPOCH, stepSize = 9)",
        "epochs = 10")))).isEmpty();
  }

  /** The shortest step size against the shortest training: a decay after the only epoch is never used. */
  @Test
  void aStepSizeOfOneNeverDecaysInARunOfOneEpoch() {
    assertSingleError(compile(scheduled("@Schedule(type = ScheduleType.STEP, unit = Unit.EPOCH, stepSize = 1)",
        "epochs = 1")), "[ortrain/ScheduleTooLong] stepSize = 1 is not shorter than the training (1 epochs); the"
            + " learning rate would never decay", "stepSize = 1");
  }

  /** Reduce-on-plateau only lowers the rate, so a floor above the initial one is refused as for the other types. */
  @Test
  void aPlateauFloorAboveTheInitialLearningRateIsRefused() {
    assertSingleError(compile(scheduled("@Schedule(type = ScheduleType.PLATEAU, minLearningRate = 0.5)")),
        "[ortrain/MinLearningRateAboveLearningRate] minLearningRate = 0.5 is above learningRate = 0.001; the schedule"
            + " would raise the learning rate", "minLearningRate = 0.5");
  }
}
