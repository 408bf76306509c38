package dev.ortrain.cli;

import dev.ortrain.loop.BatchLimit;
import dev.ortrain.loop.DevelopmentOptions;
import dev.ortrain.loop.ScheduleOnExtension;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code run}'s development flags (after Lightning's) and its consent to extend a run past its schedule's end. */
final class DevelopmentFlags {
  @Option(names = "--fast-dev-run", description = "Train, validate and test one batch each and keep nothing (no run"
      + " folder, checkpoints or metrics files): a check that the code runs.")
  boolean fastDevRun;

  @Option(names = "--overfit-batches", paramLabel = "N", description = "Train and validate on the same first N"
      + " training batches every epoch, unshuffled: a check that the model can fit them.")
  Integer overfitBatches;

  @Option(names = "--limit-batches", paramLabel = "N|0.F", description = "Train on the first N batches of each epoch,"
      + " or on that fraction of them.")
  String limitBatches;

  @Option(names = "--sanity-val-batches", paramLabel = "N", description = "Validation batches run before training,"
      + " so a broken validation fails at once (default: "
      + DevelopmentOptions.DEFAULT_SANITY_VALIDATION_BATCHES + "; 0 = none).")
  Integer sanityValidationBatches;

  @Option(names = "--extend", description = "With --resume and more epochs: continue a schedule fitted to the old"
      + " length (a cosine) past its end, as a run of the new length from the start would.")
  boolean extend;

  /** The flags as options for the trainer; a bad value or combination fails naming the flag. */
  DevelopmentOptions options() {
    DevelopmentOptions options = DevelopmentOptions.defaults();
    try {
      if (fastDevRun) {
        options = options.withFastDevRun();
      }
      if (overfitBatches != null) {
        options = options.withOverfitBatches(atLeast("--overfit-batches", overfitBatches, 1));
      }
      if (limitBatches != null) {
        options = options.withTrainBatchLimit(BatchLimit.parse(limitBatches));
      }
      if (sanityValidationBatches != null) {
        options = options.withSanityValidationBatches(atLeast("--sanity-val-batches", sanityValidationBatches, 0));
      }
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage());
    }
    return options;
  }

  /** Whether any flag was given. */
  boolean any() {
    return fastDevRun || overfitBatches != null || limitBatches != null || sanityValidationBatches != null || extend;
  }

  ScheduleOnExtension scheduleOnExtension() {
    return extend ? ScheduleOnExtension.CONTINUE_PAST_ITS_END : ScheduleOnExtension.REFUSE;
  }

  /** A fast dev run keeps nothing, so it neither continues a run nor summarizes seeds into a folder. */
  void requireCompatible(Path resume, List<Long> seeds) {
    if (fastDevRun && resume != null) {
      throw new CliException("--fast-dev-run checks one batch from the start and keeps nothing; drop --resume");
    }
    if (fastDevRun && !seeds.isEmpty()) {
      throw new CliException("--fast-dev-run keeps nothing, so there is nothing to summarize over seeds; drop --seeds");
    }
    if (extend && resume == null) {
      throw new CliException("--extend continues a resumed run past its schedule's end; use it with --resume");
    }
  }

  private static int atLeast(String flag, int value, int minimum) {
    if (value < minimum) {
      throw new CliException(flag + " " + value + " is below " + minimum + "; give a whole number of at least "
          + minimum);
    }
    return value;
  }
}
