package dev.ortrain.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
  private static final List<String> REPORTED = List.of("val_loss", "val_accuracy", "val_top5_accuracy");

  @Test
  void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
    assertEquals(1, Suggestions.distance("val_los", "val_loss"));
    assertEquals(2, Suggestions.distance("val_lozz", "val_loss"));
    assertEquals(3, Suggestions.distance("", "abc"));
    assertEquals(0, Suggestions.distance("same", "same"));
  }

  @Test
  void anAbbreviationGetsTheOneNameItStarts() {
    assertEquals(Optional.of("val_accuracy"), Suggestions.closest("val_acc", REPORTED));
    assertEquals(Optional.of("val_top5_accuracy"), Suggestions.closest("val_top5", REPORTED));
    assertEquals(Optional.empty(), Suggestions.closest("val_", REPORTED), "it starts all three");
  }

  @Test
  void typosGetTheClosestName() {
    assertEquals(Optional.of("val_accuracy"), Suggestions.closest("val_acuracy", REPORTED));
    assertEquals(Optional.of("val_top5_accuracy"), Suggestions.closest("val_top5_acuracy", REPORTED));
  }

  @Test
  void unrelatedNamesGetNoSuggestion() {
    assertEquals(Optional.empty(), Suggestions.closest("f1", REPORTED));
    assertEquals(Optional.empty(), Suggestions.closest("train_loss", REPORTED));
  }
}
