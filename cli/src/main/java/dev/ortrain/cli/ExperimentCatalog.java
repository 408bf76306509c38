package dev.ortrain.cli;

import dev.ortrain.loop.RegisteredExperiment;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The annotated experiments on the class path, as the annotation processor registered them in
 * {@code META-INF/services/dev.ortrain.loop.RegisteredExperiment}.
 */
final class ExperimentCatalog {
  private final List<RegisteredExperiment> experiments;

  ExperimentCatalog(List<RegisteredExperiment> experiments) {
    this.experiments = experiments.stream().sorted(Comparator.comparing(RegisteredExperiment::name)).toList();
  }

  static ExperimentCatalog onClassPath() {
    return new ExperimentCatalog(ServiceLoader.load(RegisteredExperiment.class).stream()
        .map(ServiceLoader.Provider::get).toList());
  }

  List<RegisteredExperiment> all() {
    return experiments;
  }

  /** By class name, simple or qualified, ignoring case. */
  RegisteredExperiment find(String name) {
    for (RegisteredExperiment experiment : experiments) {
      if (experiment.name().equalsIgnoreCase(name) || experiment.className().equalsIgnoreCase(name)) {
        return experiment;
      }
    }
    List<String> names = experiments.stream().map(RegisteredExperiment::name).toList();
    throw new CliException("unknown experiment '" + name + "'" + Suggestions.didYouMean(name, names)
        + " Known experiments: " + String.join(", ", names));
  }
}
