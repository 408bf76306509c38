package dev.ortrain.cli.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Parallel trials times threads per trial never exceed the cores. */
class SweepThreadBudgetTest {
  @Test
  void theCoresAreSharedAmongTheParallelTrials() {
    assertEquals(new ThreadBudget(8, 1), ThreadBudget.of(8, OptionalInt.empty(), OptionalInt.empty()));
    assertEquals(new ThreadBudget(4, 2), ThreadBudget.of(8, OptionalInt.empty(), OptionalInt.of(2)));
    assertEquals(new ThreadBudget(3, 2), ThreadBudget.of(8, OptionalInt.of(3), OptionalInt.empty()));
    assertEquals(new ThreadBudget(2, 4), ThreadBudget.of(8, OptionalInt.of(2), OptionalInt.of(4)));
  }

  @Test
  void moreThreadsThanCoresAreRefusedWithWhatFits() {
    assertEquals("--parallel 3 with 2 thread(s) per trial needs 6 cores, but this machine has 4. Give --parallel 2"
        + " or less, or fewer threads per trial", assertThrows(SweepInputException.class,
            () -> ThreadBudget.of(4, OptionalInt.of(3), OptionalInt.of(2))).getMessage());
    assertEquals("--parallel 5 with 1 thread(s) per trial needs 5 cores, but this machine has 4. Give --parallel 4"
        + " or less", assertThrows(SweepInputException.class,
            () -> ThreadBudget.of(4, OptionalInt.of(5), OptionalInt.empty())).getMessage());
    assertEquals("threads=3 per trial is more than the 2 cores of this machine; give threads=2 or less",
        assertThrows(SweepInputException.class, () -> ThreadBudget.of(2, OptionalInt.empty(), OptionalInt.of(3)))
            .getMessage());
    assertEquals(new ThreadBudget(1, 4), ThreadBudget.of(4, OptionalInt.empty(), OptionalInt.of(0)), "0 = a core each");
    assertThrows(SweepInputException.class, () -> ThreadBudget.of(4, OptionalInt.of(2), OptionalInt.of(0)));
    assertThrows(SweepInputException.class, () -> ThreadBudget.of(4, OptionalInt.of(0), OptionalInt.empty()));
  }
}
