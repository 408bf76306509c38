package dev.ortrain.importer;

import dev.ortrain.importer.FamilyFixture.Export;
import java.util.Map;

/** Which of the fixtures' exports the importer refuses, for the tests that go through all the others. */
final class RefusedExports {
  /** Exports that lost what the model was, with the reason the importer gives for refusing them. */
  static final Map<String, String> REFUSED = Map.of(
      "resnet EVAL", "BatchNorm layers are folded into the layers before them",
      "resnet DYNAMO", "BatchNorm layers are folded into the layers before them");

  private RefusedExports() {}

  static boolean refused(String family, Export export) {
    return REFUSED.containsKey(family + " " + export);
  }
}
