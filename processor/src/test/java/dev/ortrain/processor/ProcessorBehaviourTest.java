package dev.ortrain.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** How the processor reports: everything at once, per experiment, and never by crashing javac. */
class ProcessorBehaviourTest {

  @Test
  void everyErrorOfAnExperimentIsReportedAndNothingIsGenerated() {
    JavaFileObject source = Experiments.experiment(List.of("epochs = 0", "batchSize = -1",
        "earlyStoppingMonitor = \"val_loss\""), List.of(),
        "  @Model(inputShape = {4})\n  Sequential model() { return null; }\n"
            + "  @TrainData\n  Dataset train() { return tiny(); }\n"
            + "  @OnEpochEnd private void log() {}");
    JavaFileObject user = JavaFileObjects.forSourceLines("test.User",
        "package test;",
        "class User {",
        "  ExpTrainer trainer;",
        "}");
    Compilation compilation = Compilations.compile(source, user);
    assertThat(compilation).hadErrorCount(6);
    // Nothing was generated for the broken experiment.
    assertThat(compilation).hadErrorContaining("cannot find symbol").inFile(user).onLineContaining("ExpTrainer");
    assertThat(compilation).hadErrorContaining("[ortrain/OutOfRange] epochs = 0").inFile(source)
        .onLineContaining("epochs = 0");
    assertThat(compilation).hadErrorContaining("[ortrain/OutOfRange] batchSize = -1").inFile(source)
        .onLineContaining("batchSize = -1");
    assertThat(compilation).hadErrorContaining("[ortrain/NeedsValidationData] earlyStoppingMonitor").inFile(source)
        .onLineContaining("earlyStoppingMonitor");
    assertThat(compilation).hadErrorContaining("[ortrain/MissingProvider] Exp has no @Loss method").inFile(source)
        .onLineContaining("@Trainer");
    assertThat(compilation).hadErrorContaining("[ortrain/HookVisibility]").inFile(source)
        .onLineContaining("private void log()");
  }

  @Test
  void aBrokenExperimentDoesNotStopTheOthers() {
    JavaFileObject broken = Experiments.declared("class Broken", List.of("epochs = 0"), List.of(),
        Experiments.PROVIDERS);
    JavaFileObject valid = JavaFileObjects.forSourceString("test.Valid",
        source(Experiments.withTrainer()).replace("public class Exp", "public class Valid"));
    // Refers to the generated trainer: it exists only if Valid was generated despite Broken.
    JavaFileObject user = JavaFileObjects.forSourceLines("test.User",
        "package test;",
        "class User {",
        "  ValidTrainer trainer = ValidTrainer.create();",
        "}");
    Compilation compilation = Compilations.compile(broken, valid, user);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("[ortrain/OutOfRange] epochs = 0").inFile(broken)
        .onLineContaining("epochs = 0");
  }

  @Test
  void anUnexpectedExceptionBecomesAnErrorOnTheExperiment() {
    TrainerProcessor failing = new TrainerProcessor((type, reporter) -> {
      throw new IllegalStateException("boom");
    });
    JavaFileObject source = Experiments.withTrainer();
    Compilation compilation = Compiler.javac().withProcessors(failing).compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("[ortrain/InternalError] the ortrain processor failed on test.Exp;"
        + " please report it with this trace: java.lang.IllegalStateException: boom").inFile(source)
        .onLineContaining("public class Exp");
  }

  @Test
  void experimentsWithMissingTypesAreReportedOnceTheTypesCannotAppear() {
    JavaFileObject source = Experiments.withMembers("  @TestData", "  NotGenerated test() { return null; }");
    Compilation compilation = Compilations.compile(source);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining("cannot find symbol");
    assertThat(compilation).hadErrorContaining("[ortrain/ProviderSignature] @TestData method test() returns"
        + " NotGenerated; return a Dataset");
    // Each message whole, searched for the tag: an internal error's message carries more than the tag.
    assertThat(compilation.errors().stream().map(e -> e.getMessage(null))
        .filter(m -> m.contains("[ortrain/InternalError]")).toList()).isEmpty();
  }

  private static String source(JavaFileObject file) {
    try {
      return file.getCharContent(true).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
