package dev.ortrain.loop;

import dev.ortrain.schedule.Scheduler;
import dev.ortrain.schedule.TrainingLength;
import java.nio.file.Path;

/**
 * Whether a checkpoint may continue with another number of epochs than it was written with. More epochs
 * continue the same run, exactly as a run of that length from the start would (no schedule reads the
 * length), unless a schedule fitted to the old length would pass its end, which takes the user's consent.
 * Fewer epochs are accepted down to where the checkpoint stands.
 */
final class RunLengthChange {
  private RunLengthChange() {}

  /**
   * @param stepsPerEpoch optimizer steps of a configured epoch, to measure schedules counted in steps
   * @throws IllegalArgumentException with the reason and the way out, before anything is restored
   */
  static void require(Path checkpoint, ResumeState saved, int epochs, long stepsPerEpoch, Scheduler scheduler,
      ScheduleOnExtension consent) {
    int reached = saved.epoch() + (saved.batchInEpoch() > 0 ? 1 : 0);
    if (epochs < reached) {
      String where = saved.batchInEpoch() > 0 ? saved.epoch() + " epochs and part of epoch " + reached
          : saved.epoch() + " epochs";
      throw new IllegalArgumentException("Checkpoint " + checkpoint + " has done " + where + " of its "
          + saved.epochs() + "; epochs = " + epochs + " would end the run before where it stands. Resume with"
          + " epochs of at least " + reached + ".");
    }
    if (epochs <= saved.epochs() || consent == ScheduleOnExtension.CONTINUE_PAST_ITS_END) {
      return;
    }
    scheduler.passesItsEnd(new TrainingLength(saved.epochs(), stepsPerEpoch), new TrainingLength(epochs,
        stepsPerEpoch)).ifPresent(reason -> {
          throw new IllegalArgumentException("Extending the run of checkpoint " + checkpoint + " from "
              + saved.epochs() + " to " + epochs + " epochs is refused: the learning-rate schedule " + reason
              + ". To continue it past its end as a run of " + epochs + " epochs from the start would, consent"
              + " with ScheduleOnExtension.CONTINUE_PAST_ITS_END (command line: --extend); or resume with epochs = "
              + saved.epochs() + ".");
        });
  }
}
