package dev.ortrain.callbacks;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the run's metrics into its run directory, flushed after every write:
 *
 * <ul>
 *   <li>{@value #CSV}: a header and one row per finished epoch, a column per history key ({@code epoch},
 *       {@code train_*}, {@code val_*}, {@code lr}) in the order they first appeared; an empty cell where an
 *       epoch lacks a metric. When a later epoch brings a new metric, the file is rewritten (atomically) with
 *       the new column, so every row always has the same columns.
 *   <li>{@value #JSONL}: one JSON object per line: {@code {"type":"epoch","epoch":1,"train_loss":...}} per
 *       epoch and, with {@code everySteps > 0}, {@code {"type":"step","epoch":1,"batch":13,"step":26,
 *       "loss":...,"lr":...}} every {@code everySteps} optimizer steps, where {@code loss} is the mean over that
 *       step's micro-batches and {@code lr} the rate that step used. Non-finite values are written as null.
 * </ul>
 *
 * <p>Resume: when training begins, both files are rebuilt from the run's history (restored from the
 * checkpoint) and, for step lines, from the existing file up to the checkpoint's step. Rows a crashed run wrote
 * after its last checkpoint are dropped, since the resumed run writes them again; each epoch is in each file
 * exactly once. A fresh run (empty history) therefore starts both files anew.
 */
public final class MetricsFile implements Callback {
  public static final String CSV = "metrics.csv";
  public static final String JSONL = "metrics.jsonl";

  private final int everySteps;
  private final List<String> columns = new ArrayList<>();
  private Path csv;
  private Path jsonl;
  private double windowWeightedLoss;
  private long windowSamples;
  private long skippedSteps;
  private float stepLearningRate;

  /** Epoch rows only. */
  public MetricsFile() {
    this(0);
  }

  /** Epoch rows, and a step line in {@value #JSONL} every {@code everySteps} optimizer steps (0 = none). */
  public MetricsFile(int everySteps) {
    if (everySteps < 0) {
      throw new IllegalArgumentException("everySteps must be at least 0 (0 = no step lines), got " + everySteps);
    }
    this.everySteps = everySteps;
  }

  @Override
  public void onTrainBegin(TrainingContext ctx) {
    csv = ctx.runDirectory().resolve(CSV);
    jsonl = ctx.runDirectory().resolve(JSONL);
    skippedSteps = ctx.skippedSteps();
    resetWindow();
    try {
      Files.createDirectories(ctx.runDirectory());
      List<String> steps = stepLinesUpTo(ctx.globalStep());
      columns.clear(); // the history decides the columns, not an earlier fit
      rewriteCsv(ctx.history());
      rewriteJsonl(ctx.history(), steps);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the metrics files in " + ctx.runDirectory(), e);
    }
  }

  @Override
  public void onEpochBegin(TrainingContext ctx) {
    resetWindow(); // accumulation windows restart with each epoch
  }

  @Override
  public void onBatchBegin(TrainingContext ctx) {
    stepLearningRate = ctx.learningRate(); // after the step, ctx holds the next step's rate
  }

  @Override
  public void onBatchEnd(TrainingContext ctx, BatchOutcome outcome) {
    if (!outcome.skipped()) {
      windowWeightedLoss += (double) outcome.loss() * outcome.size();
      windowSamples += outcome.size();
    }
    if (outcome.optimizerStepped()) {
      if (everySteps > 0 && ctx.globalStep() % everySteps == 0) {
        JsonObject line = new JsonObject();
        line.addProperty("type", "step");
        line.addProperty("epoch", ctx.epoch() + 1);
        line.addProperty("batch", ctx.batchInEpoch());
        line.addProperty("step", ctx.globalStep());
        addNumber(line, "loss", windowSamples == 0 ? Double.NaN : windowWeightedLoss / windowSamples);
        addNumber(line, "lr", stepLearningRate);
        appendOrFail(jsonl, line + "\n");
      }
      resetWindow();
    } else if (ctx.skippedSteps() != skippedSteps) {
      resetWindow(); // the window ended without a step
    }
    skippedSteps = ctx.skippedSteps();
  }

  private void resetWindow() {
    windowWeightedLoss = 0;
    windowSamples = 0;
  }

  @Override
  public void onEpochEnd(TrainingContext ctx) {
    List<Map<String, Double>> history = ctx.history();
    Map<String, Double> record = history.get(history.size() - 1);
    try {
      if (columns.isEmpty() || !columns.containsAll(record.keySet())) {
        rewriteCsv(history); // new columns: every row must get them
      } else {
        append(csv, csvRow(record));
      }
      append(jsonl, epochLine(record) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the metrics files in " + ctx.runDirectory(), e);
    }
  }

  /** The step lines of an earlier run in this directory that lie at or before {@code step}, in file order. */
  private List<String> stepLinesUpTo(long step) throws IOException {
    List<String> kept = new ArrayList<>();
    if (!Files.isRegularFile(jsonl)) {
      return kept;
    }
    for (String line : Files.readAllLines(jsonl, StandardCharsets.UTF_8)) {
      JsonObject o = parseOrNull(line);
      boolean isStep = o != null && "step".equals(text(o, "type")) && o.has("step") && o.has("epoch");
      if (isStep && o.get("step").getAsLong() <= step) {
        kept.add(line);
      }
    }
    return kept;
  }

  private static String text(JsonObject o, String name) {
    return o.has(name) && o.get(name).isJsonPrimitive() ? o.get(name).getAsString() : null;
  }

  /** A line cut short by a crash is not JSON: it is dropped. */
  private static JsonObject parseOrNull(String line) {
    try {
      return JsonParser.parseString(line).getAsJsonObject();
    } catch (JsonParseException | IllegalStateException e) {
      return null;
    }
  }

  private void rewriteCsv(List<Map<String, Double>> history) throws IOException {
    Set<String> union = new LinkedHashSet<>(columns);
    history.forEach(record -> union.addAll(record.keySet()));
    columns.clear();
    columns.addAll(union);
    StringBuilder text = new StringBuilder();
    if (!columns.isEmpty()) {
      text.append(String.join(",", columns)).append('\n');
    }
    history.forEach(record -> text.append(csvRow(record)));
    writeAtomically(csv, text.toString());
  }

  private String csvRow(Map<String, Double> record) {
    List<String> cells = new ArrayList<>();
    for (String column : columns) {
      Double value = record.get(column);
      cells.add(value == null ? "" : plain(value));
    }
    return String.join(",", cells) + "\n";
  }

  /** Epoch lines from the history, each after the step lines of its epoch. */
  private void rewriteJsonl(List<Map<String, Double>> history, List<String> steps) throws IOException {
    StringBuilder text = new StringBuilder();
    int next = 0;
    for (int e = 0; e < history.size(); e++) {
      while (next < steps.size() && epochOf(steps.get(next)) <= e + 1) {
        text.append(steps.get(next++)).append('\n');
      }
      text.append(epochLine(history.get(e))).append('\n');
    }
    while (next < steps.size()) {
      text.append(steps.get(next++)).append('\n');
    }
    writeAtomically(jsonl, text.toString());
  }

  private static int epochOf(String stepLine) {
    return JsonParser.parseString(stepLine).getAsJsonObject().get("epoch").getAsInt();
  }

  static String epochLine(Map<String, Double> record) {
    JsonObject line = new JsonObject();
    line.addProperty("type", "epoch");
    record.forEach((name, value) -> addNumber(line, name, value));
    return line.toString();
  }

  /** Whole numbers (epoch, accuracy 1.0) without ".0"; non-finite values as null (JSON has no NaN). */
  private static void addNumber(JsonObject line, String name, double value) {
    if (!Double.isFinite(value)) {
      line.add(name, JsonNull.INSTANCE);
    } else if (isWhole(value)) {
      line.addProperty(name, (long) value);
    } else {
      line.addProperty(name, value);
    }
  }

  /** The shortest text that parses back to the same double; whole numbers without ".0". */
  static String plain(double value) {
    return isWhole(value) ? Long.toString((long) value) : Double.toString(value);
  }

  private static boolean isWhole(double value) {
    return Double.isFinite(value) && value == Math.rint(value) && Math.abs(value) < 1e15;
  }

  private static void append(Path file, String text) throws IOException {
    // Opened, written and closed each time: the text is flushed and no handle outlives a failed fit.
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private static void appendOrFail(Path file, String text) {
    try {
      append(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }

  private static void writeAtomically(Path file, String text) {
    AtomicFiles.replace(file, "the metrics", part -> Files.writeString(part, text, StandardCharsets.UTF_8));
  }

  @Override
  public int order() {
    return LOGGING;
  }
}
