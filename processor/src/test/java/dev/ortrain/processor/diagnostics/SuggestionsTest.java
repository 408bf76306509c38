package dev.ortrain.processor.diagnostics;

import static com.google.common.truth.Truth.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
  private static final List<String> REPORTED = List.of("val_loss", "val_accuracy", "val_top5_accuracy");

  @Test
  void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
    assertThat(Suggestions.distance("val_los", "val_loss")).isEqualTo(1);
    assertThat(Suggestions.distance("val_lozz", "val_loss")).isEqualTo(2);
    assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
    assertThat(Suggestions.distance("same", "same")).isEqualTo(0);
  }

  @Test
  void typosGetTheClosestName() {
    assertThat(Suggestions.closest("val_acc", REPORTED)).isEqualTo(Optional.empty());
    assertThat(Suggestions.closest("val_acuracy", REPORTED)).hasValue("val_accuracy");
    assertThat(Suggestions.closest("val_top5_acuracy", REPORTED)).hasValue("val_top5_accuracy");
  }

  @Test
  void unrelatedNamesGetNoSuggestion() {
    assertThat(Suggestions.closest("f1", REPORTED)).isEmpty();
    assertThat(Suggestions.closest("train_loss", REPORTED)).isEmpty();
  }
}
