package dev.ortrain.rules;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** "Did you mean" for misspelled names: the closest candidate by edit distance, if it is close enough. */
public final class Suggestions {
  private Suggestions() {}

  /**
   * The one candidate {@code typed} abbreviates, or else the candidate closest to it, when at most a third of
   * its characters (at least 2) differ: close enough to be a typo, far enough apart not to suggest unrelated
   * names.
   */
  public static Optional<String> closest(String typed, Collection<String> candidates) {
    Optional<String> completed = uniqueCompletion(typed, candidates);
    if (completed.isPresent()) {
      return completed;
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int d = distance(typed, candidate);
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    int allowed = Math.max(2, typed.length() / 3);
    return bestDistance <= allowed ? Optional.of(best) : Optional.empty();
  }

  /** The one candidate that starts with {@code typed}, an abbreviation ({@code val_acc}); none when several do. */
  private static Optional<String> uniqueCompletion(String typed, Collection<String> candidates) {
    List<String> completions = candidates.stream().filter(c -> c.startsWith(typed) && !c.equals(typed)).toList();
    return completions.size() == 1 && !typed.isEmpty() ? Optional.of(completions.get(0)) : Optional.empty();
  }

  /** Levenshtein distance (insertions, deletions and substitutions). */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] t = previous;
      previous = current;
      current = t;
    }
    return previous[b.length()];
  }
}
