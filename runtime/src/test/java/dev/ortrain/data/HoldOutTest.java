package dev.ortrain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class HoldOutTest {

  /** The "y" values (= source indices for {@link TestData#indexed}) of every sample of {@code part}. */
  static long[] ys(Dataset part) {
    int y = part.fieldIndex("y");
    FieldValues value = new FieldValues(part.fields().get(y));
    long[] out = new long[part.size()];
    for (int i = 0; i < out.length; i++) {
      part.read(i, y, value);
      out[i] = value.longs()[0];
    }
    return out;
  }

  /** Field "y" = i, field "label" = labels[i]. */
  static Dataset labelled(long... labels) {
    return ArrayDataset.builder(labels.length)
        .longs("y", LongStream.range(0, labels.length).toArray()).longs("label", labels).build();
  }

  /** {@code sizes[c]} samples of label c, classes interleaved so that no class sits in one block. */
  static Dataset classes(int... sizes) {
    int total = Arrays.stream(sizes).sum();
    long[] labels = new long[total];
    int[] left = sizes.clone();
    for (int i = 0; i < total; ) {
      for (int c = 0; c < sizes.length; c++) {
        if (left[c] > 0) {
          left[c]--;
          labels[i++] = c;
        }
      }
    }
    return labelled(labels);
  }

  static Map<Long, Integer> labelCounts(Dataset part) {
    int label = part.fieldIndex("label");
    FieldValues value = new FieldValues(part.fields().get(label));
    Map<Long, Integer> counts = new TreeMap<>();
    for (int i = 0; i < part.size(); i++) {
      part.read(i, label, value);
      counts.merge(value.longs()[0], 1, Integer::sum);
    }
    return counts;
  }

  @Test
  void everySampleIsInExactlyOnePartAndBothKeepTheDatasetOrder() {
    HoldOut split = TestData.indexed(1000).holdOut(0.1, 7);
    long[] train = ys(split.train());
    long[] validation = ys(split.validation());
    assertEquals(100, validation.length);
    assertEquals(900, train.length);
    long[] all = LongStream.concat(Arrays.stream(train), Arrays.stream(validation)).sorted().toArray();
    assertArrayEquals(LongStream.range(0, 1000).toArray(), all);
    assertArrayEquals(Arrays.stream(train).sorted().toArray(), train);
    assertArrayEquals(Arrays.stream(validation).sorted().toArray(), validation);
    assertEquals(split.train().fields(), TestData.indexed(1).fields());
  }

  @Test
  void partsReadTheWholeSampleOfTheirSourceIndex() {
    Dataset validation = TestData.indexed(50).holdOut(0.2, 3).validation();
    FieldValues x = new FieldValues(validation.fields().get(0));
    for (int i = 0; i < validation.size(); i++) {
      validation.read(i, 0, x);
      long source = ys(validation)[i];
      assertArrayEquals(new float[] {source, 1000 + source}, x.floats());
    }
  }

  @Test
  void theValidationPartHasTheRoundedShare() {
    assertEquals(3, TestData.indexed(10).holdOut(0.25, 1).validation().size()); // 2.5 rounds up
    assertEquals(2, TestData.indexed(10).holdOut(0.24, 1).validation().size());
    assertEquals(5000, TestData.indexed(60000).holdOut(1.0 / 12, 1).validation().size());
  }

  @Test
  void theSameSeedGivesTheSamePartsAndAnotherSeedOthers() {
    Dataset data = TestData.indexed(200);
    assertArrayEquals(ys(data.holdOut(0.1, 42).validation()), ys(data.holdOut(0.1, 42).validation()));
    assertFalse(Arrays.equals(ys(data.holdOut(0.1, 42).validation()), ys(data.holdOut(0.1, 43).validation())));
  }

  /** A changed algorithm or generator moves these: the split must stay the same across versions. */
  @Test
  void theDrawIsPinnedForAFixedSeed() {
    assertArrayEquals(new long[] {1, 3, 8, 9, 10}, ys(TestData.indexed(20).holdOut(0.25, 42).validation()));
    // classes(10, 10) alternates the labels: even samples are class 0, odd ones class 1.
    assertArrayEquals(new long[] {0, 4, 9, 11}, ys(classes(10, 10).holdOut(0.2, 42).stratifiedBy("label").validation()));
  }

  @Test
  void aLargerFractionHoldsOutASupersetWithTheSameSeed() {
    Dataset data = TestData.indexed(300);
    long[] small = ys(data.holdOut(0.1, 5).validation());
    long[] large = ys(data.holdOut(0.3, 5).validation());
    assertTrue(Arrays.stream(small).allMatch(y -> Arrays.binarySearch(large, y) >= 0));
  }

  @Test
  void everySampleIsAsLikelyToBeHeldOut() {
    int[] heldOut = new int[20];
    for (long seed = 0; seed < 400; seed++) {
      for (long y : ys(TestData.indexed(20).holdOut(0.25, seed).validation())) {
        heldOut[(int) y]++;
      }
    }
    for (int count : heldOut) { // 100 expected, standard deviation about 9
      assertTrue(count > 65 && count < 135, Arrays.toString(heldOut));
    }
  }

  @Test
  void stratificationKeepsTheClassProportions() {
    HoldOut split = classes(500, 300, 200).holdOut(0.1, 9).stratifiedBy("label");
    assertEquals(Map.of(0L, 50, 1L, 30, 2L, 20), labelCounts(split.validation()));
    assertEquals(Map.of(0L, 450, 1L, 270, 2L, 180), labelCounts(split.train()));
  }

  @Test
  void stratifiedSharesRoundByLargestRemainderWithTiesToTheSmallerLabel() {
    // 5 of 20: shares 1.75, 1.75, 1.5 give 1 each, and the two largest remainders one more.
    assertEquals(Map.of(0L, 2, 1L, 2, 2L, 1), labelCounts(classes(7, 7, 6).holdOut(0.25, 1).stratifiedBy("label")
        .validation()));
    // 2 of 20: four shares of 0.5 tie, the two smallest labels get them.
    assertEquals(Map.of(0L, 1, 1L, 1), labelCounts(classes(5, 5, 5, 5).holdOut(0.1, 1).stratifiedBy("label")
        .validation()));
  }

  @Test
  void stratificationTakesAnyLabelValues() {
    Dataset data = labelled(-7, 1_000_000, -7, 1_000_000, -7, 1_000_000, -7, 1_000_000);
    HoldOut split = data.holdOut(0.5, 2).stratifiedBy("label");
    assertEquals(Map.of(-7L, 2, 1_000_000L, 2), labelCounts(split.validation()));
    assertTrue(split.toString().contains("stratified by label"), split.toString());
  }

  @Test
  void fractionsOutsideTheOpenIntervalAreRefused() {
    Dataset data = TestData.indexed(10);
    for (double fraction : new double[] {0, 1, -0.1, 1.5, Double.NaN}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> data.holdOut(fraction, 1));
      assertTrue(e.getMessage().contains("must be in (0, 1)"), e.getMessage());
    }
  }

  @Test
  void aSplitWithAnEmptyPartIsRefused() {
    Dataset data = TestData.indexed(10);
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> data.holdOut(0.04, 1));
    assertTrue(none.getMessage().contains("validation part empty; use a fraction of at least 1/10"),
        none.getMessage());
    IllegalArgumentException all = assertThrows(IllegalArgumentException.class, () -> data.holdOut(0.96, 1));
    assertTrue(all.getMessage().contains("training part empty; use a fraction of at most 9/10"), all.getMessage());
  }

  @Test
  void stratifyingByAFieldThatHoldsNoClassIndexIsRefused() {
    HoldOut split = TestData.indexed(10).holdOut(0.2, 1);
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> split.stratifiedBy("label"));
    assertTrue(missing.getMessage().contains("no field 'label'; its fields are [x, y]"), missing.getMessage());
    IllegalArgumentException floats = assertThrows(IllegalArgumentException.class, () -> split.stratifiedBy("x"));
    assertTrue(floats.getMessage().contains("holds float values"), floats.getMessage());
    Dataset tokens = ArrayDataset.builder(10).longs("tokens", new long[20], 2).build();
    IllegalArgumentException many = assertThrows(IllegalArgumentException.class,
        () -> tokens.holdOut(0.2, 1).stratifiedBy("tokens"));
    assertTrue(many.getMessage().contains("holds 2 values per sample"), many.getMessage());
  }

  @Test
  void thePartsHaveIdentitiesThatDifferWithPartSeedAndFraction() {
    Dataset data = TestData.indexed(500);
    String validation = DataIdentity.of(data.holdOut(0.5, 1).validation());
    assertEquals(validation, DataIdentity.of(data.holdOut(0.5, 1).validation()));
    assertNotEquals(validation, DataIdentity.of(data.holdOut(0.5, 1).train()));
    assertNotEquals(validation, DataIdentity.of(data.holdOut(0.5, 2).validation()));
    assertNotEquals(validation, DataIdentity.of(data.holdOut(0.4, 1).validation()));
    assertNotEquals(validation, DataIdentity.of(data.holdOut(0.5, 1).stratifiedBy("y").validation()));
  }

  @Test
  void thePartsSayWhatTheyAre() {
    HoldOut split = TestData.indexed(10).holdOut(0.2, 42);
    assertTrue(split.validation().toString().startsWith("validation part (2 samples) of holdOut(0.2, seed 42) of "),
        split.validation().toString());
    assertTrue(split.train().toString().startsWith("training part (8 samples)"), split.train().toString());
  }

  @Test
  void aLoaderReadsAPart() {
    Dataset validation = TestData.indexed(40).holdOut(0.25, 11).validation();
    try (DataLoader loader = DataLoader.builder(validation).batchSize(10).build()) {
      assertArrayEquals(ys(validation), TestData.longs(loader.next(), "y"));
    }
  }
}
