package dev.ortrain.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.schedule.Interval;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The built-in callbacks' checkpointed state: named JSON fields, a version, and what a resumed run does with it. */
class CallbackStateTest {
  /** A run at a settable step that records what the callbacks ask of it. */
  private static final class Run {
    long step;
    final List<String> requests = new ArrayList<>();

    TrainingContext context() {
      return (TrainingContext) Proxy.newProxyInstance(TrainingContext.class.getClassLoader(),
          new Class<?>[] {TrainingContext.class}, (proxy, method, args) -> switch (method.getName()) {
            case "globalStep" -> step;
            case "epoch" -> 0;
            case "stop", "saveCheckpoint", "deleteCheckpoint" -> {
              requests.add(method.getName() + " " + args[0]);
              yield null;
            }
            default -> throw new UnsupportedOperationException(method.getName());
          });
    }

    void validate(Callback callback, long atStep, double valLoss) {
      step = atStep;
      callback.onValidationEnd(context(), Map.of("val_loss", valLoss));
    }
  }

  @Test
  void earlyStoppingKeepsItsPatienceThroughItsState() {
    Run before = new Run();
    EarlyStopping first = new EarlyStopping(Monitor.of("val_loss"), 2, false);
    before.validate(first, 10, 1.0);
    before.validate(first, 20, 1.5);
    String state = first.saveState().orElseThrow();
    assertEquals("{\"version\":1,\"badValidations\":1,\"best\":1.0,\"bestStep\":10}", state);

    Run resumed = new Run();
    EarlyStopping restored = new EarlyStopping(Monitor.of("val_loss"), 2, false);
    restored.restoreState(state);
    resumed.validate(restored, 30, 1.2);
    assertEquals(List.of("stop early stopping: val_loss did not improve on 1.00000 (step 10) for 2 validation(s)"),
        resumed.requests, "the bad validation before the checkpoint counts");
    assertEquals(1.0, restored.best());

    Run fresh = new Run();
    EarlyStopping notRestored = new EarlyStopping(Monitor.of("val_loss"), 2, false);
    fresh.validate(notRestored, 30, 1.2);
    assertEquals(List.of(), fresh.requests, "without the state, 1.2 is the first and best value");
  }

  @Test
  void beforeItsFirstValidationEarlyStoppingHasNoBestToSave() {
    String state = new EarlyStopping(Monitor.of("val_loss"), 1, false).saveState().orElseThrow();
    assertEquals("{\"version\":1,\"badValidations\":0}", state);
    EarlyStopping restored = new EarlyStopping(Monitor.of("val_loss"), 1, false);
    restored.restoreState(state);
    Run run = new Run();
    run.validate(restored, 5, 1e9);
    assertEquals(List.of(), run.requests, "any first value improves on no best");
    assertEquals(1e9, restored.best());
  }

  @Test
  void theCheckpointCallbackWritesTheBestItNotedBeforeTheCheckpoint() {
    Run before = new Run();
    ModelCheckpoint first = new ModelCheckpoint(1, Interval.EPOCH, 2, Monitor.of("val_loss"));
    before.validate(first, 7, 0.5);
    String state = first.saveState().orElseThrow();
    assertEquals("{\"version\":1,\"best\":0.5,\"pendingBest\":\"best-step-00000007\"}", state);

    Run resumed = new Run();
    ModelCheckpoint restored = new ModelCheckpoint(1, Interval.EPOCH, 2, Monitor.of("val_loss"));
    restored.restoreState(state);
    restored.onBatchBegin(resumed.context());
    assertEquals(List.of("saveCheckpoint best-step-00000007"), resumed.requests);
    assertEquals(Optional.of("best-step-00000007"), restored.bestCheckpoint());
    resumed.validate(restored, 8, 0.6);
    restored.onBatchBegin(resumed.context());
    assertEquals(1, resumed.requests.size(), "0.6 does not improve on the restored best 0.5");

    ModelCheckpoint again = new ModelCheckpoint(1, Interval.EPOCH, 2, Monitor.of("val_loss"));
    again.restoreState(restored.saveState().orElseThrow());
    assertEquals(Optional.of("best-step-00000007"), again.bestCheckpoint());
    assertEquals(Optional.empty(), again.lastCheckpoint());
  }

  /** States of the earlier positional format are refused with the version this ortrain reads, not misread. */
  @Test
  void statesOfAnotherFormatAreRefusedNamingTheVersion() {
    EarlyStopping stopping = new EarlyStopping(Monitor.of("val_loss"), 2, false);
    IllegalArgumentException positional = assertThrows(IllegalArgumentException.class,
        () -> stopping.restoreState("0.5;3;1"));
    assertEquals("Unreadable early-stopping state '0.5;3;1': not the JSON of state version 1 (an ortrain before it"
        + " wrote positional text). Resume with the ortrain that wrote the checkpoint, or start the run again.",
        positional.getMessage());
    ModelCheckpoint checkpoints = ModelCheckpoint.everyEpoch();
    IllegalArgumentException oldCheckpointState = assertThrows(IllegalArgumentException.class,
        () -> checkpoints.restoreState("0.5;best-step-00000007;epoch-0001-step-00000013;"));
    assertTrue(oldCheckpointState.getMessage().startsWith("Unreadable checkpoint-callback state"),
        oldCheckpointState.getMessage());
    IllegalArgumentException newer = assertThrows(IllegalArgumentException.class,
        () -> checkpoints.restoreState("{\"version\":2}"));
    assertEquals("The checkpoint-callback state is version 2; this ortrain reads version 1. Resume with the ortrain"
        + " that wrote the checkpoint, or start the run again.", newer.getMessage());
    IllegalArgumentException incomplete = assertThrows(IllegalArgumentException.class,
        () -> stopping.restoreState("{\"version\":1}"));
    assertTrue(incomplete.getMessage().contains("lacks 'badValidations'"), incomplete.getMessage());
  }
}
