package dev.ortrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.annotations.MonitorMode;
import dev.ortrain.annotations.ScheduleType;
import dev.ortrain.artifacts.Optimizer;
import dev.ortrain.loop.ExperimentSettings;
import dev.ortrain.loop.TrainerConfig;
import dev.ortrain.ort.Device;
import dev.ortrain.settings.Setting;
import dev.ortrain.settings.Settings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigOverridesTest {
  private static final Settings ANNOTATED = Settings.defaults().with(Setting.EPOCHS, 5);

  private static TrainerConfig apply(String... assignments) {
    return ExperimentSettings.config(ConfigOverrides.parse(List.of(assignments)).applyTo(ANNOTATED));
  }

  private static String error(String... assignments) {
    return assertThrows(CliException.class, () -> ConfigOverrides.parse(List.of(assignments))).getMessage();
  }

  @Test
  void overridesReplaceOnlyTheNamedValues() {
    TrainerConfig config = apply("epochs=1", "learningRate=0.01", "seed=7", "accumulationSteps=2",
        "clipGradNorm=1.5", "threads=2", "prefetch=0", "shuffle=false", "dropLast=true");
    assertEquals(1, config.epochs());
    assertEquals(64, config.batchSize());
    assertEquals(0.01f, config.learningRate());
    assertEquals(7L, config.seed());
    assertEquals(2, config.accumulationSteps());
    assertEquals(Optional.of(1.5f), config.clipGradNorm());
    assertEquals(2, config.threads());
    assertEquals(0, config.prefetch());
    assertEquals(false, config.shuffle());
    assertEquals(true, config.dropLast());
  }

  @Test
  void theLastValueOfARepeatedKeyWinsAndIsRecorded() {
    ConfigOverrides overrides = ConfigOverrides.parse(List.of("epochs=2", "batchSize=8", "epochs=3"));
    assertEquals(Map.of("epochs", "3", "batchSize", "8"), overrides.values());
    assertEquals(List.of("epochs=3", "batchSize=8"), overrides.asArguments());
    assertEquals(3, overrides.applyTo(ANNOTATED).integer(Setting.EPOCHS));
  }

  @Test
  void clipGradNormZeroTurnsClippingOffAsTheAnnotationDoes() {
    Settings clipped = ANNOTATED.with(Setting.CLIP_GRAD_NORM, 1.0);
    assertEquals(Optional.empty(), ExperimentSettings.config(
        ConfigOverrides.parse(List.of("clipGradNorm=0")).applyTo(clipped)).clipGradNorm());
  }

  /** A value float32 cannot hold is named as given, not as the 0 it would silently become. */
  @Test
  void numbersBeyondFloat32AreNamedAsGiven() {
    assertEquals("learningRate = 1e-50 rounds to 0 in float32, in which ortrain trains (the smallest positive"
        + " float32 is 1.4E-45); give a larger value", error("learningRate=1e-50"));
    assertEquals("clipGradNorm = 1e40 exceeds float32, in which ortrain trains (the largest float32 is"
        + " 3.4028235E38); give a smaller value", error("clipGradNorm=1e40"));
  }

  @Test
  void outOfRangeValuesReadAsTheCompileTimeErrors() {
    assertEquals("epochs = 0 is out of range; allowed: [1, 1000000] (number of passes over the training data)",
        error("epochs=0"));
    assertEquals("learningRate = 0 is out of range; allowed: (0, 10] (initial learning rate)",
        error("learningRate=0"));
    assertEquals("batchSize = 2000000 is out of range; allowed: [1, 1048576] (samples per micro-batch)",
        error("batchSize=2000000"));
    assertEquals("clipGradNorm = -1 is out of range; allowed: > 0 (max global L2 norm of the gradient)",
        error("clipGradNorm=-1"));
    assertEquals("accumulationSteps = 5000 is out of range; allowed: [1, 4096] (micro-batches per optimizer step)",
        error("accumulationSteps=5000"));
  }

  @Test
  void prefetchIsCheckedByTheAnnotationsRule() {
    assertEquals(TrainerConfig.PREFETCH_AUTO, apply("prefetch=4", "prefetch=-1").prefetch());
    assertEquals(64, apply("prefetch=64").prefetch());
    String allowed = " is out of range; allowed: [-1, 64] (batches prepared ahead on a background thread;"
        + " 0 = on the training thread, -1 = automatic)";
    assertEquals("prefetch = -2" + allowed, error("prefetch=-2"));
    assertEquals("prefetch = 65" + allowed, error("prefetch=65"));
    assertEquals("prefetch = 2.5 is not a whole number", error("prefetch=2.5"));
  }

  @Test
  void valuesOfTheWrongKindAreNamed() {
    assertEquals("epochs = 2.5 is not a whole number", error("epochs=2.5"));
    assertEquals("learningRate = fast is not a number", error("learningRate=fast"));
    assertEquals("shuffle = yes is not true or false", error("shuffle=yes"));
    assertEquals("--set expects key=value, got 'epochs'", error("epochs"));
  }

  @Test
  void anUnknownKeyGetsASuggestionAndTheKnownKeys() {
    assertTrue(error("epoch=3").startsWith("unknown setting 'epoch'; did you mean 'epochs'? Known settings: epochs,"
        + " batchSize, seed, device,"), error("epoch=3"));
    assertTrue(error("epoch=3").endsWith(", schedule.threshold, schedule.cooldown"), error("epoch=3"));
    assertTrue(error("learning_rate=0.1").startsWith("unknown setting 'learning_rate'; did you mean 'learningRate'?"));
    assertTrue(error("momentumValue=1").startsWith("unknown setting 'momentumValue'. Known settings: "));
  }

  @Test
  void everyTrainerAndScheduleAttributeCanBeSet() {
    Settings settings = ConfigOverrides.parse(List.of("earlyStoppingMonitor=val_loss", "patience=5",
        "schedule.type=cosine", "schedule.tMax=100", "schedule.mode=max", "mode=min", "optimizer=SGD",
        "momentum=0.9", "nesterov=true", "schedule.milestones=3,9")).applyTo(ANNOTATED);
    assertEquals(5, settings.integer(Setting.PATIENCE));
    assertEquals(ScheduleType.COSINE, settings.choice(Setting.SCHEDULE_TYPE, ScheduleType.class));
    assertEquals(100L, settings.whole(Setting.T_MAX));
    assertEquals(MonitorMode.MAX, settings.choice(Setting.PLATEAU_MODE, MonitorMode.class));
    assertEquals(MonitorMode.MIN, settings.choice(Setting.MODE, MonitorMode.class));
    assertEquals(List.of(3L, 9L), settings.wholeNumbers(Setting.MILESTONES));
    assertEquals(new Optimizer.Sgd(0.9f, 0f, true), ExperimentSettings.config(settings).optimizer());
  }

  @Test
  void badScheduleValuesReadAsTheCompileTimeErrors() {
    assertEquals("schedule.gamma = 2 is out of range; allowed: (0, 1] (multiplicative decay factor)",
        error("schedule.gamma=2"));
    assertEquals("schedule.type = cosin is not one of CONSTANT, STEP, MULTI_STEP, EXPONENTIAL, COSINE, PLATEAU;"
        + " did you mean COSINE?", error("schedule.type=cosin"));
    assertEquals("patience = 0 is out of range; allowed: [1, 1000000] (validations without improvement before"
        + " stopping)", error("patience=0"));
  }

  @Test
  void devicesParseAndBadOnesAreExplained() {
    assertEquals(Device.cpu(), DeviceOption.parse("cpu"));
    assertEquals(Device.cuda(0), DeviceOption.parse("CUDA"));
    assertEquals(Device.cuda(2), DeviceOption.parse("cuda:2"));
    assertEquals("--device must be cpu, cuda or cuda:N, got 'gpu'",
        assertThrows(CliException.class, () -> DeviceOption.parse("gpu")).getMessage());
    assertEquals("--device cuda:N needs a whole number N, got 'x'",
        assertThrows(CliException.class, () -> DeviceOption.parse("cuda:x")).getMessage());
    assertEquals("deviceId = 2000 is out of range; allowed: [0, 1024] (CUDA device ordinal)",
        assertThrows(CliException.class, () -> DeviceOption.parse("cuda:2000")).getMessage());
  }

  @Test
  void suggestionsNeedACloseName() {
    assertEquals(Optional.of("batchSize"), Suggestions.closest("batchsize", List.of("epochs", "batchSize")));
    assertEquals(Optional.empty(), Suggestions.closest("zzz", List.of("epochs", "batchSize")));
  }
}
