package dev.ortrain.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ortrain.data.Dataset;
import dev.ortrain.data.FieldValues;
import org.junit.jupiter.api.Test;

class ValidationSplitTest {

  static int[] classCounts(Dataset data) {
    int target = data.fieldIndex("target");
    FieldValues label = new FieldValues(data.fields().get(target));
    int[] counts = new int[10];
    for (int i = 0; i < data.size(); i++) {
      data.read(i, target, label);
      counts[(int) label.longs()[0]]++;
    }
    return counts;
  }

  @Test
  void fashionMnistValidatesOnAStratifiedTwelfthOfTheTrainingSplit() {
    FashionMnistData data = FashionMnistData.load(null); // the shipped subset under the tests
    Dataset train = FashionMnistModule.train(data);
    Dataset validation = FashionMnistModule.validation(data);
    int all = data.trainLabels().count();
    assertEquals(Math.round(all / 12.0), validation.size());
    assertEquals(all, train.size() + validation.size());
    int[] held = classCounts(validation);
    int[] trained = classCounts(FashionMnistModule.holdOut(data).train());
    for (int c = 0; c < 10; c++) {
      int classSize = held[c] + trained[c];
      assertEquals(validation.size() * (double) classSize / all, held[c], 1.0, "class " + c);
    }
  }

  @Test
  void diabetesValidatesOnAFifthOfTheRows() {
    DiabetesData data = DiabetesData.shipped();
    assertEquals(88, data.validation().size()); // round(0.2 × 442)
    assertEquals(354, data.train().size());
  }
}
