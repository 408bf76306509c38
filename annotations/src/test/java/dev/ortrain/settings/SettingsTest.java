package dev.ortrain.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.annotations.MonitorMode;
import dev.ortrain.annotations.OptimizerType;
import dev.ortrain.annotations.Schedule;
import dev.ortrain.annotations.ScheduleType;
import dev.ortrain.annotations.Trainer;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SettingsTest {
  /** Not settings of a run: Dagger modules are wiring, and the run folder is a run's own option. */
  private static final Set<String> NOT_SETTINGS = Set.of("modules", "runDirectory");

  @Test
  void everyAnnotationAttributeIsASettingWithTheAnnotationsDefault() throws Exception {
    for (Setting setting : Setting.values()) {
      Class<?> annotation = setting.owner() == Setting.Owner.TRAINER ? Trainer.class : Schedule.class;
      Method attribute = annotation.getMethod(setting.attribute());
      Object declared = attribute.getDefaultValue();
      Object expected = declared instanceof long[] longs ? Arrays.stream(longs).boxed().toList() : declared;
      assertEquals(expected, setting.defaultValue(), setting.key());
    }
    Set<String> attributes = Arrays.stream(Trainer.class.getDeclaredMethods()).map(Method::getName)
        .filter(name -> !NOT_SETTINGS.contains(name)).collect(Collectors.toSet());
    attributes.addAll(Arrays.stream(Schedule.class.getDeclaredMethods()).map(m -> "schedule." + m.getName()).toList());
    assertEquals(attributes, Set.copyOf(Setting.keys()));
  }

  @Test
  void valuesAreReadFromTextByKind() {
    Settings s = Settings.defaults()
        .withText(Setting.EPOCHS, "7")
        .withText(Setting.SEED, "12345678901")
        .withText(Setting.LEARNING_RATE, "3e-3")
        .withText(Setting.SHUFFLE, "FALSE")
        .withText(Setting.OPTIMIZER, "sgd")
        .withText(Setting.MILESTONES, "[10, 20,30]")
        .withText(Setting.EARLY_STOPPING_MONITOR, " val_loss ");
    assertEquals(7, s.integer(Setting.EPOCHS));
    assertEquals(12345678901L, s.whole(Setting.SEED));
    assertEquals(3e-3, s.number(Setting.LEARNING_RATE));
    assertEquals(false, s.flag(Setting.SHUFFLE));
    assertEquals(OptimizerType.SGD, s.choice(Setting.OPTIMIZER, OptimizerType.class));
    assertEquals(List.of(10L, 20L, 30L), s.wholeNumbers(Setting.MILESTONES));
    assertEquals("val_loss", s.text(Setting.EARLY_STOPPING_MONITOR));
  }

  @Test
  void badTextSaysWhatIsWrong() {
    assertMessage("epochs = 2.5 is not a whole number", () -> Settings.defaults().withText(Setting.EPOCHS, "2.5"));
    assertMessage("epochs = 3000000000 does not fit in an int",
        () -> Settings.defaults().withText(Setting.EPOCHS, "3000000000"));
    assertMessage("learningRate = fast is not a number",
        () -> Settings.defaults().withText(Setting.LEARNING_RATE, "fast"));
    assertMessage("shuffle = yes is not true or false", () -> Settings.defaults().withText(Setting.SHUFFLE, "yes"));
    assertMessage("schedule.type = cosin is not one of CONSTANT, STEP, MULTI_STEP, EXPONENTIAL, COSINE, PLATEAU;"
        + " did you mean COSINE?", () -> Settings.defaults().withText(Setting.SCHEDULE_TYPE, "cosin"));
    assertTrue(message(() -> Settings.defaults().withText(Setting.LEARNING_RATE, "1e-50"))
        .startsWith("learningRate = 1e-50 rounds to 0 in float32"));
    assertTrue(message(() -> Settings.defaults().withText(Setting.MIN_DELTA, "1e40"))
        .startsWith("minDelta = 1e40 exceeds float32"));
  }

  @Test
  void rulesAreTheProcessorsWithTheKeyARunUses() {
    assertMessage("epochs = 0 is out of range; allowed: [1, 1000000] (number of passes over the training data)",
        () -> Settings.defaults().with(Setting.EPOCHS, 0));
    assertMessage("schedule.gamma = 1.5 is out of range; allowed: (0, 1] (multiplicative decay factor)",
        () -> Settings.defaults().with(Setting.GAMMA, 1.5));
    assertMessage("schedule.milestones = [10, 10] must increase strictly (10 follows 10)",
        () -> Settings.defaults().with(Setting.MILESTONES, List.of(10L, 10L)));
    assertTrue(message(() -> Settings.defaults().with(Setting.MILESTONES, List.of(0L)))
        .startsWith("schedule.milestones: milestone = 0 is out of range"));
    assertMessage("epochs takes a value of kind INT, not Long 3", () -> Settings.defaults().with(Setting.EPOCHS, 3L));
  }

  @Test
  void unsetValuesAreExemptFromTheirRuleAndOthersAreNot() {
    Settings s = Settings.defaults().with(Setting.CLIP_GRAD_NORM, 0.0).with(Setting.WEIGHT_DECAY, -1.0)
        .with(Setting.T_MAX, 0L).with(Setting.STEP_SIZE, 0L);
    assertEquals(Settings.defaults(), s);
    assertTrue(message(() -> s.with(Setting.CLIP_GRAD_NORM, -1.0)).startsWith("clipGradNorm = -1 is out of range"));
    assertTrue(message(() -> s.with(Setting.WEIGHT_DECAY, -0.5)).startsWith("weightDecay = -0.5 is out of range"));
    assertTrue(message(() -> s.with(Setting.T_MAX, -1L)).startsWith("schedule.tMax = -1 is out of range"));
  }

  @Test
  void weightDecayResolvesTheOptimizersDefault() {
    assertEquals(0.01, Settings.defaults().weightDecay());
    assertEquals(0.0, Settings.defaults().with(Setting.OPTIMIZER, OptimizerType.SGD).weightDecay());
    assertEquals(0.2, Settings.defaults().with(Setting.WEIGHT_DECAY, 0.2).weightDecay());
  }

  @Test
  void keysDistinguishTheTwoModesAndMatchIgnoringCase() {
    assertEquals(Setting.MODE, Setting.byKey("mode").orElseThrow());
    assertEquals(Setting.PLATEAU_MODE, Setting.byKey("Schedule.Mode").orElseThrow());
    assertEquals(Setting.T_MAX, Settings.settingFor("schedule.tmax"));
    assertTrue(message(() -> Settings.settingFor("batchSise"))
        .startsWith("unknown setting 'batchSise'; did you mean 'batchSize'? Known settings: epochs, batchSize,"));
    assertTrue(message(() -> Settings.settingFor("zzzzzzzz")).startsWith("unknown setting 'zzzzzzzz'. Known"));
  }

  @Test
  void changesAndDifferencesAreListedByKey() {
    Settings a = Settings.defaults().with(Setting.EPOCHS, 5).with(Setting.PLATEAU_MODE, MonitorMode.MAX);
    Settings b = a.with(Setting.SCHEDULE_TYPE, ScheduleType.COSINE).with(Setting.MILESTONES, List.of(3L, 9L));
    assertEquals(Map.of(Setting.EPOCHS, 5, Setting.PLATEAU_MODE, MonitorMode.MAX), a.changedFromDefaults());
    assertEquals(List.of("schedule.type: CONSTANT -> COSINE", "schedule.milestones:  -> 3,9"), a.differences(b));
    assertEquals("MAX", a.byKey().get("schedule.mode"));
    assertEquals(Setting.values().length, a.byKey().size());
    assertEquals("Settings[epochs=5, schedule.mode=MAX]", a.toString());
    assertNotEquals(a, b);
    assertEquals(a.hashCode(), Settings.defaults().withAll(a.changedFromDefaults()).hashCode());
  }

  @Test
  void readingAValueAsAnotherKindIsAMistake() {
    assertThrows(IllegalArgumentException.class, () -> Settings.defaults().integer(Setting.SEED));
    assertThrows(IllegalStateException.class, Setting.EPOCHS::choices);
  }

  private static String message(Runnable action) {
    return assertThrows(IllegalArgumentException.class, action::run).getMessage();
  }

  private static void assertMessage(String expected, Runnable action) {
    assertEquals(expected, message(action));
  }
}
