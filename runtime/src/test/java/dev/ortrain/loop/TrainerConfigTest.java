package dev.ortrain.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.artifacts.Optimizer;
import dev.ortrain.ort.Device;
import dev.ortrain.rules.ConfigRules;
import dev.ortrain.schedule.Interval;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrainerConfigTest {
  @Test
  void defaultsAreSensible() {
    TrainerConfig c = TrainerConfig.builder().build();
    assertEquals(10, c.epochs());
    assertEquals(64, c.batchSize());
    assertEquals(42L, c.seed());
    assertEquals(Device.cpu(), c.device());
    assertEquals(0, c.threads());
    assertEquals(1e-3f, c.learningRate());
    assertEquals(Optimizer.AdamW.defaults(), c.optimizer());
    assertEquals(1, c.accumulationSteps());
    assertEquals(Optional.empty(), c.clipGradNorm());
    assertTrue(c.shuffle());
    assertEquals(false, c.dropLast());
    assertEquals(ValidationConfig.everyEpoch(), c.validation());
    assertEquals(NanPolicy.fail(), c.nanPolicy());
    assertEquals(TrainerConfig.PREFETCH_AUTO, c.prefetch());
    assertTrue(c.toString().contains("device=cpu"));
  }

  @Test
  void overridesKeepTheRestAndChangeTheFingerprint() {
    TrainerConfig base = TrainerConfig.builder().epochs(3).clipGradNorm(1f).build();
    TrainerConfig other = base.toBuilder().learningRate(0.01f).device(Device.cuda(0)).threads(2).seed(1)
        .optimizer(Optimizer.Sgd.withMomentum(0.9f)).accumulationSteps(4).shuffle(false).dropLast(true)
        .batchSize(32).nanPolicy(NanPolicy.skip(3))
        .validation(new ValidationConfig(100, Interval.STEP, 10, 0.5)).build();
    assertEquals(3, other.epochs());
    assertEquals(Optional.of(1f), other.clipGradNorm());
    assertEquals(0.01f, other.learningRate());
    assertEquals(4, other.accumulationSteps());
    assertNotEquals(base.fingerprint(), other.fingerprint());
    assertEquals(base.fingerprint(), base.toBuilder().device(Device.cuda(1)).threads(8).build().fingerprint(),
        "device and threads do not change what a run computes");
    assertEquals(base.fingerprint(), base.toBuilder().prefetch(8).build().fingerprint(),
        "prefetching changes when batches are assembled, not which");
    assertEquals(8, base.toBuilder().prefetch(8).build().toBuilder().build().prefetch(), "kept by toBuilder");
  }

  @Test
  void invalidValuesFailWithTheSharedMessages() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TrainerConfig.builder().epochs(0).build());
    assertEquals(ConfigRules.EPOCHS.check(0).orElseThrow(), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> TrainerConfig.builder().learningRate(-1f).build());
    assertEquals(ConfigRules.LEARNING_RATE.check(-1f).orElseThrow(), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> TrainerConfig.builder().batchSize(0).build());
    assertThrows(IllegalArgumentException.class, () -> TrainerConfig.builder().accumulationSteps(0).build());
    assertThrows(IllegalArgumentException.class, () -> TrainerConfig.builder().clipGradNorm(0f).build());
    assertThrows(IllegalArgumentException.class, () -> TrainerConfig.builder().threads(-1).build());
    assertThrows(NullPointerException.class, () -> TrainerConfig.builder().optimizer(null).build());
  }

  @Test
  void automaticPrefetchOnlyWhereTheLoaderHasAProcessorOfItsOwn() {
    TrainerConfig auto = TrainerConfig.builder().threads(2).build();
    assertEquals(0, auto.prefetchDepth(2), "two intra-op threads occupy both processors");
    assertEquals(2, auto.prefetchDepth(4), "two processors left for the loader");
    assertEquals(0, TrainerConfig.builder().threads(0).build().prefetchDepth(16),
        "threads = 0 takes one intra-op thread per processor");
    assertEquals(2, TrainerConfig.builder().threads(0).device(Device.cuda(0)).build().prefetchDepth(1),
        "the CPU is free while the GPU computes");
    assertEquals(0, TrainerConfig.builder().threads(2).prefetch(0).build().prefetchDepth(64), "explicit 0 kept");
    assertEquals(5, TrainerConfig.builder().threads(2).prefetch(5).build().prefetchDepth(2), "explicit depth kept");
    for (int invalid : new int[] {-2, 65}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> TrainerConfig.builder().prefetch(invalid).build());
      assertEquals(ConfigRules.PREFETCH.check(invalid).orElseThrow(), e.getMessage());
    }
  }

  @Test
  void validationAndNanPolicyCheckTheirValues() {
    assertEquals(10, new ValidationConfig(1, Interval.EPOCH, 0, 1.0).batchesToRun(10));
    assertEquals(3, new ValidationConfig(1, Interval.EPOCH, 3, 1.0).batchesToRun(10));
    assertEquals(5, new ValidationConfig(1, Interval.EPOCH, 0, 0.5).batchesToRun(10));
    assertEquals(1, new ValidationConfig(1, Interval.EPOCH, 0, 0.01).batchesToRun(10), "at least one batch");
    assertEquals(0, new ValidationConfig(1, Interval.EPOCH, 0, 0.5).batchesToRun(0));
    assertThrows(IllegalArgumentException.class, () -> new ValidationConfig(0, Interval.EPOCH, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new ValidationConfig(1, Interval.EPOCH, -1, 1));
    assertThrows(IllegalArgumentException.class, () -> new ValidationConfig(1, Interval.EPOCH, 0, 0));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NanPolicy.skip(-1));
    assertTrue(e.getMessage().contains("maxSkipped = -1"));
    assertEquals(NanPolicy.Action.SKIP, NanPolicy.skip(0).action());
  }
}
