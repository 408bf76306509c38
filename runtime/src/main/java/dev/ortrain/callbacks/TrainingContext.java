package dev.ortrain.callbacks;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a callback sees of the run (read-only state) and what it may ask the trainer to do (control). Requests
 * take effect at the next safe point: a stop after the current batch, a validation or checkpoint right after
 * the current hook returns.
 */
public interface TrainingContext {
  /** The current epoch, counted from 0. */
  int epoch();

  /** Total epochs configured. */
  int epochs();

  /** Optimizer steps completed. */
  long globalStep();

  /** Micro-batches completed in the current epoch. */
  int batchInEpoch();

  /** Micro-batches in one epoch. */
  int batchesPerEpoch();

  /** The learning rate the next optimizer step uses. */
  float learningRate();

  /** The latest value of every metric reported so far ({@code train_loss}, {@code val_accuracy}, ...). */
  Map<String, Double> metrics();

  /** One entry per finished epoch: its train and validation metrics. */
  List<Map<String, Double>> history();

  /** The last training batch's outcome, once there is one. */
  Optional<BatchOutcome> lastBatch();

  /** Steps skipped because the loss or gradient norm was not finite. */
  long skippedSteps();

  /** Where this run writes its files. */
  Path runDirectory();

  /** Ends training after the current batch; the reason is logged and kept in the result. */
  void stop(String reason);

  boolean stopRequested();

  /** Why training was asked to stop, once it was. */
  Optional<String> stopReason();

  /** Writes a checkpoint at the next safe point. */
  void requestCheckpoint();

  /** Runs validation at the next safe point. */
  void requestValidation();

  /**
   * Sets the learning rate from now on. It holds until the schedule's value next changes (so for good under a
   * constant schedule); the schedule itself is not altered.
   */
  void setLearningRate(float learningRate);

  /** Writes a complete checkpoint (parameters, optimizer, trainer and callback state) now, under {@code name}. */
  Path saveCheckpoint(String name);

  /** Keeps the newest {@code keepLast} checkpoints not named in {@code keep}, and those in {@code keep}. */
  void pruneCheckpoints(int keepLast, java.util.Set<String> keep);

  /** Deletes one checkpoint of this run, if it exists. */
  void deleteCheckpoint(String name);

  /** A copy of the current parameters (for restoring the best weights later). */
  ParameterSnapshot snapshotParameters();

  /** Puts parameters from a snapshot back into the model; the optimizer state is kept. */
  void restoreParameters(ParameterSnapshot snapshot);

  /**
   * Puts parameters and the optimizer state (moments and step count) from a snapshot into the model, as data-parallel
   * training does with the workers' average; the trainer's position, schedule and metrics are kept.
   *
   * @throws IllegalArgumentException when the snapshot has no optimizer state but the run's optimizer keeps one
   */
  void restoreTrainingState(ParameterSnapshot snapshot);
}
