package dev.ortrain.examples;

import dev.ortrain.data.CsvDataset;
import dev.ortrain.data.Dataset;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The diabetes regression data (442 patients, ten baseline variables, disease progression one year later;
 * Efron et al. 2004), shipped as {@code diabetes/diabetes.csv}: the first 352 rows train, the last 90
 * validate; features and target are standardized with the training rows' statistics.
 */
public final class DiabetesData {
  static final String RESOURCE = "/diabetes/diabetes.csv";
  static final int TRAIN_ROWS = 352;

  private final Dataset train;
  private final Dataset validation;
  private final float targetMean;
  private final float targetStd;

  private DiabetesData(Dataset all) {
    Dataset named = all.renamed(CsvDataset.FEATURES, "input");
    Dataset rawTrain = named.slice(0, TRAIN_ROWS);
    float[][] x = Standardized.statistics(rawTrain, "input");
    float[][] y = Standardized.statistics(rawTrain, CsvDataset.TARGET);
    this.targetMean = y[0][0];
    this.targetStd = y[1][0];
    Dataset standardized = new Standardized(new Standardized(named, "input", x[0], x[1]), CsvDataset.TARGET, y[0],
        y[1]);
    this.train = standardized.slice(0, TRAIN_ROWS);
    this.validation = standardized.slice(TRAIN_ROWS, named.size());
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
