package dev.ortrain.loop;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where {@link Trainer#restore} put a run.
 *
 * @param checkpoint the checkpoint directory restored
 * @param epochsDone epochs the checkpoint had completed
 * @param savedEpochs the run's length in epochs when the checkpoint was written
 * @param epochs the run's length in epochs now
 */
public record ResumedRun(Path checkpoint, int epochsDone, int savedEpochs, int epochs) {

  /** "extending from 4 to 6 epochs", or "shortening ...", when this resume changed the run's length. */
  public Optional<String> lengthChange() {
    if (epochs == savedEpochs) {
      return Optional.empty();
    }
    String how = epochs > savedEpochs ? "extending" : "shortening";
    return Optional.of(how + " from " + savedEpochs + " to " + epochs + " epochs");
  }
}
