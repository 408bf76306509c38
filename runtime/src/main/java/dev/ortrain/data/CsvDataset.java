package dev.ortrain.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a numeric CSV table into an {@link ArrayDataset}: the first row names the columns, one column (chosen
 * by name) is the target, every other column is a feature. Fields: {@code features} (float, [columns - 1])
 * and {@code target} (int64 scalar class index, or float [1] value, per {@link Target}).
 *
 * <p>Separator is a comma; fields may be double-quoted ("" inside quotes is a quote); blank lines are
 * skipped; values must be finite numbers (missing values are errors, not silently zero).
 */
public final class CsvDataset {
  public static final String FEATURES = "features";
  public static final String TARGET = "target";

  /** How the target column is read. */
  public enum Target {
    /** Non-negative integers, for classification (cross-entropy takes int64 class indices). */
    CLASS_INDEX,
    /** Any finite number, for regression (shape [1] per sample, like a one-output model). */
    VALUE
  }

  private CsvDataset() {}

  public static ArrayDataset read(Path file, String targetColumn, Target target) {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(in, file, targetColumn, target);
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException("CSV file not found: " + file, e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read CSV file " + file + ": " + e.getMessage(), e);
    }
  }

  private static ArrayDataset parse(BufferedReader in, Path file, String targetColumn, Target target)
      throws IOException {
    int lineNumber = 0;
    String line;
    List<String> header = null;
    while (header == null && (line = in.readLine()) != null) {
      lineNumber++;
      if (lineNumber == 1 && line.startsWith("\uFEFF")) {
        line = line.substring(1); // byte-order mark written by spreadsheet exports
      }
      if (!line.isBlank()) {
        header = split(line, file, lineNumber);
      }
    }
    if (header == null) {
      throw new CsvFormatException(file, 0, null, "the file is empty; expected a header row naming the columns,"
          + " then one row per sample");
    }
    int targetIndex = header.indexOf(targetColumn);
    checkHeader(header, file, lineNumber, targetColumn, targetIndex);
    int columns = header.size();
    DoubleList features = new DoubleList();
    DoubleList targets = new DoubleList();
    while ((line = in.readLine()) != null) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      List<String> cells = split(line, file, lineNumber);
      if (cells.size() != columns) {
        throw new CsvFormatException(file, lineNumber, null, "expected " + columns + " values as in the header, found "
            + cells.size() + " (a missing or extra comma?)");
      }
      for (int c = 0; c < columns; c++) {
        double value = number(cells.get(c), file, lineNumber, c, header);
        if (c == targetIndex) {
          checkTarget(value, cells.get(c), target, file, lineNumber, c, header);
          targets.add(value);
        } else {
          features.add(value);
        }
      }
    }
    if (targets.isEmpty()) {
      throw new CsvFormatException(file, 0, null, "the file has a header but no data rows");
    }
    return build(targets.toArray(), features.toArray(), columns - 1, target);
  }

  private static void checkHeader(List<String> header, Path file, int line, String targetColumn, int targetIndex) {
    List<String> seen = new ArrayList<>();
    for (String name : header) {
      if (name.isEmpty()) {
        throw new CsvFormatException(file, line, null, "the header has an empty column name: " + header);
      }
      if (seen.contains(name)) {
        throw new CsvFormatException(file, line, null, "the header names column '" + name + "' twice");
      }
      seen.add(name);
    }
    if (targetIndex < 0) {
      throw new CsvFormatException(file, line, null, "there is no target column '" + targetColumn
          + "'; the columns are " + header);
    }
    if (header.size() < 2) {
      throw new CsvFormatException(file, line, null, "the only column is the target '" + targetColumn
          + "'; at least one feature column is needed");
    }
  }

  private static double number(String cell, Path file, int line, int column, List<String> header) {
    if (cell.isEmpty()) {
      throw new CsvFormatException(file, line, describe(column, header), "the value is empty; missing values are"
          + " not supported, fill or drop the row");
    }
    double value;
    try {
      value = Double.parseDouble(cell);
    } catch (NumberFormatException e) {
      throw new CsvFormatException(file, line, describe(column, header), "'" + cell + "' is not a number");
    }
    if (!Double.isFinite(value) || Float.isInfinite((float) value)) {
      throw new CsvFormatException(file, line, describe(column, header), "'" + cell
          + "' is not a finite float value");
    }
    return value;
  }

  private static void checkTarget(double value, String cell, Target target, Path file, int line, int column,
      List<String> header) {
    if (target == Target.CLASS_INDEX && (value < 0 || value != Math.rint(value) || value > Integer.MAX_VALUE)) {
      throw new CsvFormatException(file, line, describe(column, header), "'" + cell
          + "' is not a class index (a non-negative integer); read the target as Target.VALUE for regression");
    }
  }

  private static String describe(int column, List<String> header) {
    return (column + 1) + " ('" + header.get(column) + "')";
  }

  private static ArrayDataset build(double[] targets, double[] features, int featureCount, Target target) {
    int n = targets.length;
    float[] featureValues = new float[features.length];
    for (int i = 0; i < features.length; i++) {
      featureValues[i] = (float) features[i];
    }
    ArrayDataset.Builder b = ArrayDataset.builder(n).floats(FEATURES, featureValues, featureCount);
    if (target == Target.CLASS_INDEX) {
      long[] classes = new long[n];
      for (int i = 0; i < n; i++) {
        classes[i] = (long) targets[i];
      }
      b.longs(TARGET, classes);
    } else {
      float[] values = new float[n];
      for (int i = 0; i < n; i++) {
        values[i] = (float) targets[i];
      }
      b.floats(TARGET, values, 1);
    }
    return b.build();
  }

  /** Splits one line at commas outside double quotes; whitespace around a value (or its quotes) is dropped. */
  static List<String> split(String line, Path file, int lineNumber) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    int quotedEnd = -1; // length of the cell when its closing quote was read; -1 while unquoted
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (quoted) {
        if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (ch == '"') {
          quoted = false;
          quotedEnd = cell.length();
        } else {
          cell.append(ch);
        }
      } else if (ch == '"' && quotedEnd < 0 && cell.toString().isBlank()) {
        quoted = true;
        cell.setLength(0);
      } else if (ch == ',') {
        cells.add(finish(cell, quotedEnd, file, lineNumber, cells.size()));
        cell.setLength(0);
        quotedEnd = -1;
      } else {
        cell.append(ch);
      }
    }
    if (quoted) {
      throw new CsvFormatException(file, lineNumber, null, "a quoted value is not closed (values spanning lines"
          + " are not supported)");
    }
    cells.add(finish(cell, quotedEnd, file, lineNumber, cells.size()));
    return cells;
  }

  private static String finish(StringBuilder cell, int quotedEnd, Path file, int lineNumber, int column) {
    if (quotedEnd < 0) {
      return cell.toString().trim();
    }
    if (!cell.substring(quotedEnd).isBlank()) {
      throw new CsvFormatException(file, lineNumber, Integer.toString(column + 1), "text after the closing quote of"
          + " a quoted value");
    }
    return cell.substring(0, quotedEnd);
  }

  /** A growable double array, so large tables are not boxed value by value. */
  private static final class DoubleList {
    private double[] values = new double[1024];
    private int size;

    void add(double v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    double[] toArray() {
      return Arrays.copyOf(values, size);
    }

    boolean isEmpty() {
      return size == 0;
    }
  }
}
