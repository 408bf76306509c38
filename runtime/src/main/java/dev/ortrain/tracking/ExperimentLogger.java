package dev.ortrain.tracking;

import java.util.Map;

/**
 * An experiment tracker fed by {@link TrackingCallback}: the run's hyper-parameters once when training
 * begins, scalars at global optimizer steps while it trains, and the end. Implement it to send a run to another
 * tracker (MLflow, Weights &amp; Biases, a database):
 *
 * <pre>{@code
 * final class PrintingLogger implements ExperimentLogger {
 *   public void start(TrainingStart start) { System.out.println(start.hyperParameters().asText()); }
 *   public void logScalars(long step, Map<String, Double> scalars) { System.out.println(step + " " + scalars); }
 *   public void close() {}
 * }
 * trainerBuilder.callback(new TrackingCallback(new PrintingLogger(), HyperParameters.of(config)));
 * }</pre>
 *
 * <p>Calls come from the training thread, in this order: {@link #start}, then {@link #logScalars} and
 * {@link #flush} any number of times, then {@link #close} when training ends normally (a failed fit ends
 * without it, so anything not flushed may be lost). A trainer fitted again starts the sequence again.
 */
public interface ExperimentLogger extends AutoCloseable {
  /** Training begins, from step 0 or, resumed, from a checkpoint's step. */
  void start(TrainingStart start);

  /**
   * Values at one global optimizer step, by tag ({@code step/loss}, {@code epoch/val_accuracy}, ...). Tags
   * repeat across steps; a value may be NaN or infinite when training produced one.
   */
  void logScalars(long step, Map<String, Double> scalars);

  /** An epoch ended: what was logged should now survive the process being killed. */
  default void flush() {}

  /** Training ended (finished or stopped); nothing is logged after this until the next {@link #start}. */
  @Override
  void close();
}
