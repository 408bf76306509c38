package dev.ortrain.processor.generation;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import javax.annotation.processing.Filer;
import javax.lang.model.element.TypeElement;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * {@code META-INF/services/dev.ortrain.loop.RegisteredExperiment}: every experiment's registration class, one
 * per line. A compilation may write the file once only, so the experiments of all rounds are collected and it
 * is written when processing is over.
 */
public final class ServiceFile {
  public static final String PATH = "META-INF/services/" + RuntimeNames.REGISTERED_EXPERIMENT.canonicalName();

  private final Filer filer;
  private final TreeSet<String> registrations = new TreeSet<>();
  private final List<TypeElement> origins = new ArrayList<>();

  public ServiceFile(Filer filer) {
    this.filer = filer;
  }

  public void add(TypeElement experiment) {
    registrations.add(GeneratedNames.of(experiment).registration().reflectionName());
    origins.add(experiment);
  }

  /** Writes the file when any experiment was generated. */
  public void write() {
    if (registrations.isEmpty()) {
      return;
    }
    try {
      FileObject file = filer.createResource(StandardLocation.CLASS_OUTPUT, "", PATH,
          origins.toArray(new TypeElement[0]));
      try (Writer out = new OutputStreamWriter(file.openOutputStream(), StandardCharsets.UTF_8)) {
        for (String name : registrations) {
          out.write(name + "\n");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + PATH, e);
    }
  }
}
