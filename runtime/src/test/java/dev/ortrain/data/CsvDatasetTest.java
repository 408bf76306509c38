package dev.ortrain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvDatasetTest {
  @TempDir Path dir;

  Path write(String content) throws IOException {
    Path file = dir.resolve("table.csv");
    Files.writeString(file, content);
    return file;
  }

  static float[] features(Dataset data, int sample) {
    FieldValues v = new FieldValues(data.fields().get(0));
    data.read(sample, 0, v);
    return v.floats();
  }

  @Test
  void readsFeaturesAndAClassTargetChosenByName() throws IOException {
    Path file = write("\uFEFFwidth, \"species\",height\n1.5,0,2\n\n-3, 2 ,4e1\n");
    ArrayDataset data = CsvDataset.read(file, "species", CsvDataset.Target.CLASS_INDEX);
    assertEquals(2, data.size());
    assertEquals(List.of(FieldSpec.floats("features", 2), FieldSpec.longs("target")), data.fields());
    assertArrayEquals(new float[] {1.5f, 2f}, features(data, 0));
    assertArrayEquals(new float[] {-3f, 40f}, features(data, 1));
    FieldValues target = new FieldValues(data.fields().get(1));
    data.read(1, 1, target);
    assertEquals(2L, target.longs()[0]);
  }

  @Test
  void readsAValueTargetForRegression() throws IOException {
    ArrayDataset data = CsvDataset.read(write("a,price\n1,2.25\n"), "price", CsvDataset.Target.VALUE);
    assertEquals(FieldSpec.floats("target", 1), data.fields().get(1));
    FieldValues target = new FieldValues(data.fields().get(1));
    data.read(0, 1, target);
    assertEquals(2.25f, target.floats()[0]);
  }

  CsvFormatException failure(String content, String target) throws IOException {
    Path file = write(content);
    return assertThrows(CsvFormatException.class, () -> CsvDataset.read(file, target, CsvDataset.Target.CLASS_INDEX));
  }

  @Test
  void nonNumericValuesAreReportedWithFileLineAndColumn() throws IOException {
    CsvFormatException e = failure("a,b,label\n1,2,0\n\n3,abc,1\n", "label");
    assertEquals(dir.resolve("table.csv") + " line 4, column 2 ('b'): 'abc' is not a number", e.getMessage());
    assertEquals(4, e.line());
    assertEquals("2 ('b')", e.column());
    assertTrue(failure("a,label\n1,\n", "label").getMessage().endsWith("line 2, column 2 ('label'): the value is"
        + " empty; missing values are not supported, fill or drop the row"));
    assertTrue(failure("a,label\nNaN,1\n", "label").getMessage().endsWith("'NaN' is not a finite float value"));
    assertTrue(failure("a,label\n1,2.5\n", "label").getMessage().endsWith("line 2, column 2 ('label'): '2.5' is not"
        + " a class index (a non-negative integer); read the target as Target.VALUE for regression"));
  }

  @Test
  void raggedRowsAreReported() throws IOException {
    assertEquals(dir.resolve("table.csv") + " line 3: expected 3 values as in the header, found 2 (a missing or"
        + " extra comma?)", failure("a,b,label\n1,2,0\n1,2\n", "label").getMessage());
    assertTrue(failure("a,label\n\"1,0\n", "label").getMessage().contains("line 2: a quoted value is not closed"));
  }

  @Test
  void headerProblemsAreReported() throws IOException {
    assertEquals(dir.resolve("table.csv") + " line 1: there is no target column 'label'; the columns are [a, b]",
        failure("a,b\n1,2\n", "label").getMessage());
    assertEquals(dir.resolve("table.csv") + ": the file is empty; expected a header row naming the columns, then"
        + " one row per sample", failure("", "label").getMessage());
    assertEquals(dir.resolve("table.csv") + ": the file has a header but no data rows",
        failure("a,label\n\n", "label").getMessage());
    assertTrue(failure("a,a,label\n1,2,3\n", "label").getMessage().contains("names column 'a' twice"));
    assertTrue(failure("label\n1\n", "label").getMessage().contains("at least one feature column is needed"));
    UncheckedIOException missing = assertThrows(UncheckedIOException.class,
        () -> CsvDataset.read(dir.resolve("nope.csv"), "label", CsvDataset.Target.VALUE));
    assertTrue(missing.getMessage().startsWith("CSV file not found"), missing.getMessage());
  }

  @Test
  void csvDatasetsFeedALoader() throws IOException {
    StringBuilder csv = new StringBuilder("x1,x2,y\n");
    for (int i = 0; i < 7; i++) {
      csv.append(i).append(',').append(i * 2).append(',').append(i % 2).append('\n');
    }
    try (DataLoader loader = DataLoader.builder(CsvDataset.read(write(csv.toString()), "y",
        CsvDataset.Target.CLASS_INDEX)).batchSize(4).build()) {
      loader.next();
      Batch last = loader.next();
      assertArrayEquals(new float[] {4, 8, 5, 10, 6, 12}, TestData.floats(last, "features"));
      assertArrayEquals(new long[] {0, 1, 0}, TestData.longs(last, "target"));
    }
  }
}
