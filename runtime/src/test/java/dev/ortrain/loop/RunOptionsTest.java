package dev.ortrain.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.callbacks.Callback;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunOptionsTest {
  private static final TrainerConfig ANNOTATED = TrainerConfig.builder().epochs(5).batchSize(32).build();

  @Test
  void defaultsChangeNothing() {
    RunOptions options = RunOptions.defaults();
    assertEquals(ANNOTATED.toString(), options.apply(ANNOTATED).toString());
    assertEquals(Path.of("runs/a"), options.runDirectoryOr(Path.of("runs/a")));
    assertTrue(options.callbacks().isEmpty());
  }

  @Test
  void overridesApplyToTheAnnotatedValuesOnly() {
    Callback added = new Callback() {};
    RunOptions options = RunOptions.defaults().withConfigOverride(b -> b.epochs(1))
        .withRunDirectory(Path.of("out")).withCallbacks(List.of(added));
    TrainerConfig config = options.apply(ANNOTATED);
    assertEquals(1, config.epochs());
    assertEquals(32, config.batchSize());
    assertEquals(Path.of("out"), options.runDirectoryOr(Path.of("runs/a")));
    assertEquals(List.of(added), options.callbacks());
  }

  @Test
  void developmentAidsAndExtensionConsentAreKeptByEveryWither() {
    DevelopmentOptions fast = DevelopmentOptions.defaults().withFastDevRun();
    RunOptions options = RunOptions.defaults().withDevelopment(fast)
        .withScheduleOnExtension(ScheduleOnExtension.CONTINUE_PAST_ITS_END).withRunDirectory(Path.of("out"))
        .withCallbacks(List.of()).withConfigOverride(b -> b);
    assertEquals(fast, options.development());
    assertEquals(ScheduleOnExtension.CONTINUE_PAST_ITS_END, options.scheduleOnExtension());
    assertEquals(DevelopmentOptions.defaults(), RunOptions.defaults().development());
    assertEquals(ScheduleOnExtension.REFUSE, RunOptions.defaults().scheduleOnExtension());
  }

  @Test
  void anOverrideIsCheckedByTheSharedRules() {
    RunOptions options = RunOptions.defaults().withConfigOverride(b -> b.batchSize(0));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> options.apply(ANNOTATED));
    assertEquals("batchSize = 0 is out of range; allowed: [1, 1048576] (samples per micro-batch)", e.getMessage());
  }
}
