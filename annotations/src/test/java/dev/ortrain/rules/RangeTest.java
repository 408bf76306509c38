package dev.ortrain.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RangeTest {
  @Test
  void messagesNameFieldValueAndAllowedRange() {
    assertEquals(Optional.of("epochs = 0 is out of range; allowed: [1, 1000000] (number of passes over the training data)"),
        ConfigRules.EPOCHS.check(0));
    assertEquals("learningRate = -0.5 is out of range; allowed: (0, 10] (initial learning rate)",
        ConfigRules.LEARNING_RATE.check(-0.5).orElseThrow());
    assertEquals("> 0", ConfigRules.CLIP_GRAD_NORM.describe());
    assertEquals(">= 0", ConfigRules.WARMUP_STEPS.describe());
    assertEquals("[0, 1)", ConfigRules.MOMENTUM.describe());
    assertEquals("(0, 1)", ConfigRules.PLATEAU_FACTOR.describe());
  }

  @Test
  void boundsAreInclusiveOrExclusiveAsDeclared() {
    assertTrue(ConfigRules.MOMENTUM.contains(0));
    assertFalse(ConfigRules.MOMENTUM.contains(1));
    assertFalse(ConfigRules.LEARNING_RATE.contains(0));
    assertTrue(ConfigRules.LEARNING_RATE.contains(10));
    assertFalse(ConfigRules.CLIP_GRAD_NORM.contains(0));
    assertTrue(ConfigRules.CLIP_GRAD_NORM.contains(1e30));
    assertFalse(ConfigRules.EPSILON.contains(Double.NaN));
    assertTrue(Range.atLeast("x", 2, "").contains(2));
    assertFalse(Range.above("x", 2, "").contains(2));
    assertTrue(Range.closedOpen("x", 0, 1, "").contains(0));
  }

  @Test
  void requireThrowsTheSameMessage() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConfigRules.BATCH_SIZE.requireInt(0));
    assertEquals(ConfigRules.BATCH_SIZE.check(0).orElseThrow(), e.getMessage());
    assertEquals(64, ConfigRules.BATCH_SIZE.requireInt(64));
    assertEquals(0.5, ConfigRules.GAMMA.require(0.5));
    assertEquals("x = 0.25 is out of range; allowed: >= 1", Range.atLeast("x", 1, "").check(0.25).orElseThrow());
  }

  @Test
  void everyRuleHasAUniqueFieldName() {
    Set<String> names = new HashSet<>();
    for (Range r : ConfigRules.all()) {
      assertTrue(names.add(r.field()), "duplicate " + r.field());
      assertFalse(r.contains(Double.NaN));
    }
  }
}
