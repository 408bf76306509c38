package dev.ortrain.cli.sweep;

import java.util.List;

/**
 * Checks {@code key=value} settings exactly as {@code run --set} does, throwing with its message, so that a bad
 * swept value reads as the same value given to {@code --set} would.
 */
@FunctionalInterface
public interface SettingsCheck {
  void check(List<String> assignments);
}
