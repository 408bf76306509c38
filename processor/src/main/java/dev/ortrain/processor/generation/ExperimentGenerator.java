package dev.ortrain.processor.generation;

import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.TypeSpec;
import dev.ortrain.processor.model.Experiment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Filer;

/** Writes the sources generated for a valid experiment. */
public final class ExperimentGenerator {
  private final Filer filer;

  public ExperimentGenerator(Filer filer) {
    this.filer = filer;
  }

  public void generate(Experiment experiment) {
    for (JavaFile file : files(experiment)) {
      try {
        file.writeTo(filer);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot write " + file.packageName() + "." + file.typeSpec().name(), e);
      }
    }
  }

  /** The trainer, module, component, registration and (with hooks) hooks sources, each tied to the experiment class. */
  static List<JavaFile> files(Experiment experiment) {
    GeneratedNames names = GeneratedNames.of(experiment.type());
    List<TypeSpec> types = new ArrayList<>(List.of(TrainerGenerator.generate(experiment, names),
        new ModuleGenerator(experiment, names).generate(), ComponentGenerator.generate(experiment, names),
        RegistrationGenerator.generate(experiment, names)));
    if (!experiment.hooks().isEmpty()) {
      types.add(HooksGenerator.generate(experiment, names));
    }
    List<JavaFile> files = new ArrayList<>();
    for (TypeSpec type : types) {
      TypeSpec withOrigin = type.toBuilder().addOriginatingElement(experiment.type()).build();
      files.add(JavaFile.builder(names.packageName(), withOrigin).skipJavaLangImports(true).indent("  ").build());
    }
    return files;
  }
}
