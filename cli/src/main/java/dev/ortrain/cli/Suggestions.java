package dev.ortrain.cli;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** "Did you mean": the known name closest to a misspelt one, when it is close enough to be a likely typo. */
final class Suggestions {
  private Suggestions() {}

  /** The closest known name, ignoring case (the shared rule of {@link dev.ortrain.rules.Suggestions}). */
  static Optional<String> closest(String typed, Collection<String> known) {
    Map<String, String> byLowerCase = new LinkedHashMap<>();
    known.forEach(k -> byLowerCase.putIfAbsent(k.toLowerCase(Locale.ROOT), k));
    return dev.ortrain.rules.Suggestions.closest(typed.toLowerCase(Locale.ROOT), byLowerCase.keySet())
        .map(byLowerCase::get);
  }

  /** {@code "; did you mean 'x'?"}, or a full stop when nothing is close. */
  static String didYouMean(String typed, Collection<String> known) {
    return closest(typed, known).map(k -> "; did you mean '" + k + "'?").orElse(".");
  }
}
