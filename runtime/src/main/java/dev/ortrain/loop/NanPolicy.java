package dev.ortrain.loop;

import dev.ortrain.rules.ConfigRules;

/**
 * What the training loop does when a loss or gradient norm is NaN or infinite. The check runs before the
 * optimizer step, so a skipped step never touches the parameters: its accumulated gradients are dropped.
 *
 * @param action fail, or skip the step and warn
 * @param maxSkipped with {@link Action#SKIP}: how many skipped steps are tolerated in the whole run before
 *     the run fails anyway (0 = no limit)
 */
public record NanPolicy(Action action, int maxSkipped) {
  public enum Action {
    /** Stop with an error naming the epoch, step and batch. */
    FAIL,
    /** Drop this step's gradients, count it, warn, and go on. */
    SKIP
  }

  public NanPolicy {
    ConfigRules.MAX_SKIPPED.requireInt(maxSkipped);
  }

  public static NanPolicy fail() {
    return new NanPolicy(Action.FAIL, 0);
  }

  public static NanPolicy skip(int maxSkipped) {
    return new NanPolicy(Action.SKIP, maxSkipped);
  }
}
