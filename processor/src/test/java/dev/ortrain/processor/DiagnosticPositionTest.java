package dev.ortrain.processor;

import static dev.ortrain.processor.Compilations.assertAt;
import static dev.ortrain.processor.Compilations.compile;
import static dev.ortrain.processor.Experiments.withMembers;
import static dev.ortrain.processor.Experiments.withTrainer;

import java.util.List;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;

/**
 * Every diagnostic's caret is on what it is about: an attribute's value, one entry of an array, or a method
 * whose signature is wrong (the position a compiler or IDE underlines). javac puts the caret of a qualified name
 * such as {@code ScheduleType.STEP} on its last dot.
 */
class DiagnosticPositionTest {
  private static final Diagnostic.Kind ERROR = Diagnostic.Kind.ERROR;

  @Test
  void anAttributeOutOfRangeAtItsValue() {
    assertAt(compile(withTrainer("batchSize = 0")), ERROR, "batchSize = 0 is out of range", "batchSize = 0", "0");
  }

  @Test
  void aScheduleSettingMissingAtTheTypeThatNeedsIt() {
    assertAt(compile(Experiments.experiment(List.of(), List.of("@Schedule(unit = Unit.EPOCH, type ="
        + " ScheduleType.STEP)"), Experiments.PROVIDERS)), ERROR, "type = STEP needs stepSize", "@Schedule(",
        ".STEP");
  }

  @Test
  void aRepeatedMetricNameAtItsSecondEntry() {
    assertAt(compile(withMembers("  @Metrics({\"accuracy\", \"top5\", \"accuracy\"})",
        "  Metric[] metrics() { return new Metric[0]; }")), ERROR, "Metric name 'accuracy' appears twice",
        "@Metrics(", "\"accuracy\"})");
  }

  @Test
  void aMetricNamedLossAtItsEntry() {
    assertAt(compile(withMembers("  @Metrics({\"accuracy\", \"loss\"})",
        "  Metric[] metrics() { return new Metric[0]; }")), ERROR, "Metric name 'loss' appears twice", "@Metrics(",
        "\"loss\"");
  }

  @Test
  void anInvalidMetricNameAtItsEntry() {
    assertAt(compile(withMembers("  @Metrics({\"accuracy\", \"F1\"})",
        "  Metric[] metrics() { return new Metric[0]; }")), ERROR, "Metric name 'F1' is invalid", "@Metrics(",
        "\"F1\"");
  }

  @Test
  void aListedClassThatIsNoModuleAtItsEntry() {
    assertAt(compile(withTrainer("modules = {Exp.class, String.class}")), ERROR, "modules lists java.lang.String",
        "modules =", ".class}");
  }

  @Test
  void aPrivateHookAtTheMethod() {
    assertAt(compile(withMembers("  @OnEpochEnd", "  private void log() {}")), ERROR, "log() is private",
        "private void log()", "log");
  }

  @Test
  void aStaticHookAtTheMethod() {
    assertAt(compile(withMembers("  @OnTrainBegin", "  static void start() {}")), ERROR, "start() is static",
        "static void start()", "start");
  }

  @Test
  void aHookReturningAValueAtTheMethod() {
    assertAt(compile(withMembers("  @OnEpochBegin", "  boolean begin() { return true; }")), ERROR,
        "begin() returns boolean", "boolean begin()", "begin");
  }

  @Test
  void aProviderReturningTheWrongTypeAtTheMethod() {
    assertAt(compile(Experiments.experiment(List.of(), List.of(), Experiments.PROVIDERS.replace(
        "  @Loss\n  CrossEntropyLoss loss()", "  @Loss\n  String loss()").replace("return CrossEntropyLoss.create();",
        "return \"\";"))), ERROR, "@Loss method loss() returns java.lang.String", "String loss()", "loss");
  }

  @Test
  void aComputedScheduleReturningTheWrongTypeAtTheMethod() {
    assertAt(compile(withMembers("  @Schedule", "  float rate(long step, int epoch, double baseLr) { return 0; }")),
        ERROR, "rate() returns float", "float rate(", "rate");
  }

  @Test
  void aMonitorAtItsValue() {
    assertAt(compile(Experiments.experiment(List.of("earlyStoppingMonitor = \"val_acc\""), List.of(),
        Experiments.PROVIDERS + "\n" + Experiments.VALIDATION + "\n" + Experiments.METRICS)), ERROR,
        "did you mean \"val_accuracy\"?", "earlyStoppingMonitor =", "\"val_acc\"");
  }
}
