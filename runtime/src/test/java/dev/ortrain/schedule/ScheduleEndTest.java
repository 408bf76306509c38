package dev.ortrain.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Which schedules an extended run carries past the end of their designed shape. */
class ScheduleEndTest {
  private static Optional<String> extend(Scheduler scheduler, int from, int to) {
    return scheduler.passesItsEnd(new TrainingLength(from, 10), new TrainingLength(to, 10));
  }

  @Test
  void onlyACosineHasAnEndAfterItsWarmup() {
    assertEquals(OptionalLong.of(4), Schedule.cosine(4, 0).end());
    assertEquals(OptionalLong.of(5), Schedule.cosine(4, 0).afterWarmup(1, 0.1).end());
    assertEquals(OptionalLong.empty(), Schedule.linearWarmup(3, 0.1).end());
    assertEquals(OptionalLong.empty(), Schedule.step(1, 0.5).end());
    assertEquals(OptionalLong.empty(), Schedule.exponential(0.9).end());
    assertEquals(OptionalLong.empty(), Schedule.function("f", (step, epoch, lr) -> lr).end());
  }

  @Test
  void anExtensionPastTheEndOfACosineTheRunDidNotPassIsNamed() {
    Scheduler cosine = Scheduler.start(Schedule.cosine(4, 0), Interval.EPOCH, 0.1);
    assertEquals(Optional.empty(), extend(cosine, 3, 4), "ends exactly at its end");
    assertTrue(extend(cosine, 3, 5).isPresent(), "one epoch past it");
    assertEquals(Optional.of("cosine(tMax=4, etaMin=0.0) ends after 4 epochs, which the run of 4 epochs (4 epochs)"
        + " did not pass; 5 epochs (5 epochs) would carry it past its end, where a cosine climbs back towards the"
        + " initial learning rate"), extend(cosine, 4, 5));
    assertEquals(Optional.empty(), extend(cosine, 5, 6), "the run already went past it");
  }

  @Test
  void stepsCountTheOptimizerStepsOfTheExtendedRun() {
    Scheduler cosine = Scheduler.start(Schedule.cosine(40, 0), Interval.STEP, 0.1);
    assertEquals(Optional.empty(), extend(cosine, 3, 4), "40 steps are 4 epochs of 10");
    assertTrue(extend(cosine, 4, 5).orElseThrow().contains("4 epochs (40 optimizer steps)"));
  }

  @Test
  void schedulesWithoutAnEndNeverObject() {
    assertEquals(Optional.empty(), extend(Scheduler.start(Schedule.step(1, 0.5), Interval.EPOCH, 0.1), 2, 20));
    assertEquals(Optional.empty(), extend(Scheduler.start(new ReduceOnPlateau("val_loss", ReduceOnPlateau.Mode.MIN,
        0.1, 2, 1e-4, ReduceOnPlateau.ThresholdMode.REL, 0, 0), 0.1), 2, 20));
  }
}
