package dev.ortrain.cli.sweep;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The folder a sweep writes: {@value DefinitionFile#NAME} (its definition), {@code trials/<configuration>/seed-<s>/}
 * (each trial's run folder, with {@value #TRIAL_RESULT} once it has finished), the results tables and plots.
 */
public record SweepFolder(Path dir) {
  static final String TRIALS = "trials";
  static final String TRIAL_RESULT = "trial.json";
  public static final String RESULTS_CSV = "results.csv";
  public static final String RESULTS_MARKDOWN = "results.md";
  public static final String BEST = "best.json";
  static final String PLOT_PREFIX = "metric-vs-";

  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
      .serializeSpecialFloatingPointValues().create();

  public Path definition() {
    return dir.resolve(DefinitionFile.NAME);
  }

  public Path trialDirectory(Trial trial) {
    return dir.resolve(TRIALS).resolve(trial.id());
  }

  public Path resultsCsv() {
    return dir.resolve(RESULTS_CSV);
  }

  public Path resultsMarkdown() {
    return dir.resolve(RESULTS_MARKDOWN);
  }

  public Path best() {
    return dir.resolve(BEST);
  }

  public Path plot(SweptSetting setting) {
    return dir.resolve(PLOT_PREFIX + setting.key() + ".png");
  }

  /**
   * Makes this folder the given sweep's: records its definition in a new or empty folder, accepts the same
   * definition again (a resume), and refuses another one with the differences, changing nothing; with
   * {@code startOver}, an earlier sweep's files are deleted first.
   */
  public void claim(SweepDefinition definition, boolean startOver) {
    JsonObject given = DefinitionFile.json(definition);
    if (Files.isRegularFile(definition())) {
      if (startOver) {
        deleteSweepFiles();
      } else {
        List<String> differences = DefinitionFile.differences(storedDefinition(), given);
        if (!differences.isEmpty()) {
          throw new SweepInputException(dir + " holds another sweep; resuming it with this definition would mix"
              + " their results. Differences:\n  " + String.join("\n  ", differences) + "\nRun it with the stored"
              + " definition (" + definition() + ") to resume it, give another --out, or add --start-over to delete"
              + " its trials and start this sweep there.");
        }
        return;
      }
    } else if (isNonEmptyDirectory(dir)) {
      throw new SweepInputException(dir + " is not empty and holds no " + DefinitionFile.NAME + ", so it is not a"
          + " sweep's folder; give an empty or new folder with --out");
    }
    AtomicText.write(definition(), GSON.toJson(given));
  }

  private JsonObject storedDefinition() {
    try {
      return JsonParser.parseString(Files.readString(definition(), StandardCharsets.UTF_8)).getAsJsonObject();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + definition(), e);
    } catch (JsonParseException | IllegalStateException e) {
      throw new SweepInputException(definition() + " is damaged (" + e.getMessage() + "); add --start-over to"
          + " start the sweep again there, or give another --out");
    }
  }

  /** The results of the trials that finished in earlier runs of this sweep, by trial id. */
  public Map<String, TrialResult> finishedResults(List<Trial> trials) {
    Map<String, TrialResult> finished = new LinkedHashMap<>();
    for (Trial trial : trials) {
      read(trial).ifPresent(result -> finished.put(trial.id(), result));
    }
    return finished;
  }

  private Optional<TrialResult> read(Trial trial) {
    Path file = trialDirectory(trial).resolve(TRIAL_RESULT);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      TrialResult stored = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), TrialResult.class);
      return Optional.of(new TrialResult(trial, stored.status(), stored.history(), stored.note()));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    } catch (JsonParseException e) {
      throw new SweepInputException(file + " is damaged (" + e.getMessage() + "); delete it to train that trial"
          + " again");
    }
  }

  /** Records a finished trial; written whole or not at all, so a killed sweep never leaves half a result. */
  public void write(TrialResult result) {
    AtomicText.write(trialDirectory(result.trial()).resolve(TRIAL_RESULT), GSON.toJson(result));
  }

  private void deleteSweepFiles() {
    List<Path> owned = Stream.of(dir.resolve(TRIALS), resultsCsv(), resultsMarkdown(), best(), definition()).toList();
    for (Path path : owned) {
      deleteTree(path);
    }
    try (Stream<Path> plots = Files.list(dir)) {
      plots.filter(p -> p.getFileName().toString().startsWith(PLOT_PREFIX)).forEach(SweepFolder::deleteTree);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + dir, e);
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + root, e);
    }
  }

  private static boolean isNonEmptyDirectory(Path dir) {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isPresent();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + dir, e);
    }
  }

  /** Writes JSON in the sweep's style, for files beside the results. */
  static String json(Object value) {
    return GSON.toJson(value);
  }
}
