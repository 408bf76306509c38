package dev.ortrain.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dagger.internal.codegen.ComponentProcessor;
import java.io.File;
import java.util.Arrays;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** A build without Dagger, or without Dagger's processor, is told which artifact to add and where. */
class DaggerSetupTest {
  private static final String DAGGER_MISSING = "[ortrain/DaggerMissing] Exp is wired by Dagger, but Dagger is not on"
      + " the compile class path (there is no dagger.Component); add it to the POM's dependencies (ortrain-bom"
      + " manages its version): <dependency><groupId>com.google.dagger</groupId><artifactId>dagger</artifactId>"
      + "</dependency>";

  private static String compilerMissing(String trainer, String implementation) {
    return "[ortrain/DaggerCompilerMissing] " + trainer + " creates " + implementation + ", which Dagger's annotation"
        + " processor generates, but that processor did not run; put it on the maven-compiler-plugin's"
        + " annotationProcessorPaths next to ortrain-processor (3.12 or later takes its version from ortrain-bom;"
        + " else give the com.google.dagger:dagger dependency's): <path><groupId>com.google.dagger</groupId>"
        + "<artifactId>dagger-compiler</artifactId></path>";
  }

  @Test
  void withoutDaggerOnTheClassPathNothingIsGeneratedAndTheErrorNamesTheDependency() {
    List<File> withoutDagger = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !entry.replace(File.separatorChar, '/').contains("/com/google/dagger/"))
        .map(File::new).toList();
    JavaFileObject source = Experiments.withTrainer();
    Compilation compilation = Compiler.javac().withProcessors(new TrainerProcessor(), new ComponentProcessor())
        .withClasspath(withoutDagger).compile(source);
    // Generated code would not compile either: javac's "package dagger does not exist" would come on top.
    Compilations.assertSingleError(compilation, DAGGER_MISSING, "@Trainer");
  }

  @Test
  void withoutDaggersProcessorTheErrorNamesTheProcessorPath() {
    JavaFileObject source = Experiments.withTrainer();
    Compilation compilation = Compiler.javac().withProcessors(new TrainerProcessor()).compile(source);
    // In place of javac's "cannot find symbol" on the generated trainer, which javac leaves out after it.
    Compilations.assertSingleError(compilation, compilerMissing("ExpTrainer", "DaggerExpComponent"), "@Trainer");
  }

  @Test
  void aNestedExperimentsImplementationIsNamedAsTheGeneratedClasses() {
    JavaFileObject source = JavaFileObjects.forSourceString("test.Outer", """
        package test;
        import dev.ortrain.annotations.Loss;
        import dev.ortrain.annotations.Model;
        import dev.ortrain.annotations.TrainData;
        import dev.ortrain.annotations.Trainer;
        import dev.ortrain.data.Dataset;
        import dev.ortrain.loss.CrossEntropyLoss;
        import dev.ortrain.nn.Linear;
        import dev.ortrain.nn.Sequential;
        public class Outer {
          @Trainer
          public static class Mlp {
            @Model(inputShape = {4}) Sequential model() { return Sequential.of(new Linear(4, 3)); }
            @Loss CrossEntropyLoss loss() { return CrossEntropyLoss.create(); }
            @TrainData Dataset train() { return null; }
          }
        }
        """);
    Compilation compilation = Compiler.javac().withProcessors(new TrainerProcessor()).compile(source);
    assertThat(compilation).hadErrorContaining(compilerMissing("Outer_MlpTrainer", "DaggerOuter_MlpComponent"))
        .inFile(source).onLineContaining("@Trainer");
  }

  @Test
  void withBothProcessorsNothingIsReported() {
    Compilation compilation = Compilations.compile(Experiments.withTrainer());
    assertThat(compilation).succeededWithoutWarnings();
  }
}
