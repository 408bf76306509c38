package dev.ortrain.data;

import java.nio.file.Path;

/** A CSV file that cannot be read as a numeric table; the message names the file, line and column. */
public final class CsvFormatException extends IllegalArgumentException {
  private final transient Path file;
  private final int line;
  private final String column;

  CsvFormatException(Path file, int line, String column, String problem) {
    super(file + (line > 0 ? " line " + line : "") + (column != null ? ", column " + column : "") + ": " + problem);
    this.file = file;
    this.line = line;
    this.column = column;
  }

  public Path file() {
    return file;
  }

  /** 1-based line number, or 0 when the problem concerns the whole file. */
  public int line() {
    return line;
  }

  /** The column as "number ('name')", or null when the problem is not in one column. */
  public String column() {
    return column;
  }
}
