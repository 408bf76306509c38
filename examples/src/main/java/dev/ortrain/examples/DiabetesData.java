package dev.ortrain.examples;

import dev.ortrain.data.CsvDataset;
import dev.ortrain.data.Dataset;
import dev.ortrain.data.HoldOut;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The diabetes regression data (442 patients, ten baseline variables, disease progression one year later;
 * Efron et al. 2004), shipped as {@code diabetes/diabetes.csv}: a fifth of the rows, drawn with a fixed seed,
 * validate and the others train; features and target are standardized with the training rows' statistics.
 */
public final class DiabetesData {
  static final String RESOURCE = "/diabetes/diabetes.csv";
  static final double VALIDATION_FRACTION = 0.2;
  static final long SPLIT_SEED = 42;

  private final Dataset train;
  private final Dataset validation;
  private final float targetMean;
  private final float targetStd;

  private DiabetesData(Dataset all) {
    HoldOut split = all.renamed(CsvDataset.FEATURES, "input").holdOut(VALIDATION_FRACTION, SPLIT_SEED);
    FieldStatistics x = FieldStatistics.of(split.train(), "input");
    FieldStatistics y = FieldStatistics.of(split.train(), CsvDataset.TARGET);
    this.targetMean = y.mean()[0];
    this.targetStd = y.std()[0];
    this.train = y.standardize(x.standardize(split.train(), "input"), CsvDataset.TARGET);
    this.validation = y.standardize(x.standardize(split.validation(), "input"), CsvDataset.TARGET);
  }

  /** Reads a CSV file with the shipped file's columns ({@code progression} is the target). */
  public static DiabetesData read(Path csv) {
    return new DiabetesData(CsvDataset.read(csv, "progression", CsvDataset.Target.VALUE));
  }

  /** The shipped file (copied out of the class path, since the CSV reader reads files). */
  public static DiabetesData shipped() {
    try (InputStream in = DiabetesData.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("The shipped diabetes data is missing from the class path: " + RESOURCE);
      }
      Path tmp = Files.createTempFile("diabetes", ".csv");
      try {
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        return read(tmp);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + RESOURCE, e);
    }
  }

  public Dataset train() {
    return train;
  }

  public Dataset validation() {
    return validation;
  }

  /** A standardized error back in the target's units (disease-progression points). */
  public double inTargetUnits(double standardizedError) {
    return standardizedError * targetStd;
  }

  public float targetMean() {
    return targetMean;
  }
}
