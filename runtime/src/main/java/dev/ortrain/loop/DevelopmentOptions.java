package dev.ortrain.loop;

import dev.ortrain.data.Dataset;
import java.util.Optional;

/**
 * Development aids, after Lightning's trainer flags: a fast dev run (one batch of training, validation and
 * test, nothing kept), overfitting the first N training batches, a limit on the training batches per epoch,
 * and a sanity validation of a few batches before training starts.
 *
 * <p>Limits change which batches a run trains on, so they are part of its checkpoints' fingerprint: a
 * checkpoint written under a limit resumes only under the same limit. A fast dev run keeps no checkpoint.
 *
 * @param fastDevRun one epoch of one training batch, one validation and one test batch; everything the run
 *     writes goes to a temporary folder deleted when the trainer closes
 * @param overfitBatches train and validate on the first N training batches, unshuffled, every epoch (0 = off)
 * @param trainBatchLimit the training batches each epoch runs
 * @param sanityValidationBatches validation batches run before training starts (0 = none); their metrics are
 *     not recorded
 */
public record DevelopmentOptions(boolean fastDevRun, int overfitBatches, BatchLimit trainBatchLimit,
    int sanityValidationBatches) {
  /**
   * Two batches, as Lightning's {@code num_sanity_val_steps}: they cost two forward passes, and the eval graph
   * and the metrics are the part of a run the build-time checks (data against the model's inputs) do not run.
   */
  public static final int DEFAULT_SANITY_VALIDATION_BATCHES = 2;

  public DevelopmentOptions {
    java.util.Objects.requireNonNull(trainBatchLimit, "trainBatchLimit");
    if (overfitBatches < 0) {
      throw new IllegalArgumentException("overfit batches = " + overfitBatches + " is negative; give the number of"
          + " training batches to overfit (0 = off)");
    }
    if (sanityValidationBatches < 0) {
      throw new IllegalArgumentException("sanity validation batches = " + sanityValidationBatches + " is negative;"
          + " give the validation batches to run before training (0 = none)");
    }
    boolean limited = !(trainBatchLimit instanceof BatchLimit.All);
    if (fastDevRun && (overfitBatches > 0 || limited)) {
      throw new IllegalArgumentException("A fast dev run trains one batch already; drop the overfit batches or the"
          + " batch limit, or the fast dev run");
    }
    if (overfitBatches > 0 && limited) {
      throw new IllegalArgumentException("Overfitting " + overfitBatches + " batches fixes the batches of an epoch"
          + " already; drop the batch limit (" + trainBatchLimit.describe() + ") or the overfitting");
    }
  }

  /** No development aid but the default sanity validation. */
  public static DevelopmentOptions defaults() {
    return new DevelopmentOptions(false, 0, BatchLimit.none(), DEFAULT_SANITY_VALIDATION_BATCHES);
  }

  public DevelopmentOptions withFastDevRun() {
    return new DevelopmentOptions(true, overfitBatches, trainBatchLimit, sanityValidationBatches);
  }

  public DevelopmentOptions withOverfitBatches(int batches) {
    return new DevelopmentOptions(fastDevRun, batches, trainBatchLimit, sanityValidationBatches);
  }

  public DevelopmentOptions withTrainBatchLimit(BatchLimit limit) {
    return new DevelopmentOptions(fastDevRun, overfitBatches, limit, sanityValidationBatches);
  }

  public DevelopmentOptions withSanityValidationBatches(int batches) {
    return new DevelopmentOptions(fastDevRun, overfitBatches, trainBatchLimit, batches);
  }

  /** What changes the batches a run trains on, for its fingerprint ("none" without such an aid). */
  String trainedBatches() {
    if (overfitBatches > 0) {
      return "overfit " + overfitBatches + " batches";
    }
    return trainBatchLimit instanceof BatchLimit.All ? "none" : "limit " + trainBatchLimit.describe();
  }

  /** The training data: its first {@code overfitBatches} batches when overfitting, else all of it. */
  Dataset trainData(Dataset data, int batchSize) {
    if (overfitBatches == 0) {
      return data;
    }
    long samples = Math.min((long) overfitBatches * batchSize, data.size());
    return data.slice(0, (int) samples);
  }

  /**
   * The validation data: the overfitted training batches when overfitting a run that validates, else
   * {@code validation} (null for a run without validation).
   */
  Dataset validationData(Dataset validation, Dataset overfitted) {
    return overfitBatches > 0 && validation != null ? overfitted : validation;
  }

  /** Overfitting sees the same batches in the same order every epoch. */
  boolean shuffle(boolean configured) {
    return configured && overfitBatches == 0;
  }

  /** The training batches of an epoch that has {@code available}. */
  int trainBatches(int available) {
    return fastDevRun ? 1 : trainBatchLimit.of(available);
  }

  /** The validation batches run before training: none in a fast dev run, which validates one batch anyway. */
  int sanityBatches() {
    return fastDevRun ? 0 : sanityValidationBatches;
  }

  /** The epochs to run of the {@code configured} ones. */
  int epochs(int configured) {
    return fastDevRun ? 1 : configured;
  }

  /** The batches a validation or test runs of the {@code configured} ones (0 = all). */
  int evaluationBatches(int configured) {
    return fastDevRun ? 1 : configured;
  }

  /** A fast dev run validates at its end even when the configured interval would skip its only epoch. */
  boolean validatesEveryEpoch() {
    return fastDevRun;
  }

  /** The line a fast dev run announces itself with, so nobody looks for its outputs. */
  Optional<String> notice() {
    return fastDevRun ? Optional.of("Fast dev run: one batch of training, of validation and of test; nothing is kept"
        + " (no checkpoints, metrics files or run folder: what the run writes goes to a temporary folder deleted at"
        + " the end)") : Optional.empty();
  }
}
