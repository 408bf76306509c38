package dev.ortrain.processor;

import static dev.ortrain.processor.Compilations.assertSingleError;
import static dev.ortrain.processor.Compilations.compile;
import static dev.ortrain.processor.Experiments.withMembers;

import org.junit.jupiter.api.Test;

/** Hook methods are called directly by the generated callback with what the loop has at that event. */
class HookRulesTest {

  @Test
  void privateHook() {
    assertSingleError(compile(withMembers("  @OnEpochEnd private void log() {}")), "[ortrain/HookVisibility]"
        + " @OnEpochEnd method log() is private; the generated callback calls it directly, make it package-private or"
        + " wider", "private void log()");
  }

  @Test
  void staticHook() {
    assertSingleError(compile(withMembers("  @OnTrainBegin static void start() {}")), "[ortrain/StaticHook]"
        + " @OnTrainBegin method start() is static; hooks run on the experiment instance, remove `static`",
        "static void start()");
  }

  @Test
  void hookReturningAValue() {
    assertSingleError(compile(withMembers("  @OnEpochBegin boolean begin() { return true; }")),
        "[ortrain/HookReturnType] @OnEpochBegin method begin() returns boolean; hooks return void (the training loop"
            + " ignores results)", "boolean begin()");
  }

  @Test
  void parameterTheLoopCannotSupply() {
    assertSingleError(compile(withMembers("  @OnTrainEnd void end(TrainingContext ctx,", "      String name) {}")),
        "[ortrain/HookParameter] @OnTrainEnd cannot supply parameter `java.lang.String name`; it supplies"
            + " TrainingContext, int epoch", "String name");
  }

  @Test
  void parameterOfAnotherEvent() {
    assertSingleError(compile(withMembers("  @OnBatchBegin void batch(BatchOutcome outcome) {}")),
        "[ortrain/HookParameter] @OnBatchBegin cannot supply parameter `dev.ortrain.callbacks.BatchOutcome outcome`;"
            + " it supplies TrainingContext, int epoch", "BatchOutcome outcome");
  }
}
