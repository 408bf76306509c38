package dev.ortrain.schedule;

/**
 * A user-defined learning rate. Must be a pure function of its arguments (a resumed run calls it again at
 * the same positions) and return a finite value {@code >= 0}; the scheduler checks the latter on every call.
 */
@FunctionalInterface
public interface LearningRateFunction {
  /**
   * @param step optimizer steps completed in the run
   * @param epoch epochs completed in the run
   * @param baseLr the initial learning rate
   */
  double learningRate(long step, long epoch, double baseLr);
}
