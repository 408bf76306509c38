package dev.ortrain.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.ortrain.processor.Compilations.assertSingleError;
import static dev.ortrain.processor.Compilations.compile;
import static dev.ortrain.processor.Compilations.compileWithoutDagger;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** The experiment class must be one the generated module can create and the generated classes can name. */
class ClassRulesTest {

  private static JavaFileObject declared(String declaration, String... members) {
    return Experiments.declared(declaration, List.of(), List.of(),
        Experiments.PROVIDERS + "\n" + String.join("\n", members));
  }

  @Test
  void abstractExperiment() {
    assertSingleError(compile(declared("public abstract class Exp")), "[ortrain/ExperimentClass] @Trainer class Exp"
        + " is abstract; the generated module creates it, remove `abstract`", "@Trainer");
  }

  @Test
  void genericExperiment() {
    assertSingleError(compile(declared("public class Exp<T>")), "[ortrain/ExperimentClass] @Trainer class Exp has"
        + " type parameters <T>; the generated trainer needs one concrete type, remove them", "@Trainer");
  }

  @Test
  void interfaceExperiment() {
    Compilation compilation = compile(JavaFileObjects.forSourceLines("test.Exp",
        "package test;",
        "import dev.ortrain.annotations.Trainer;",
        "@Trainer",
        "public interface Exp {}"));
    assertThat(compilation).hadErrorContaining("[ortrain/ExperimentClass] @Trainer class Exp is an interface; make it"
        + " a class").inFile(compilation.sourceFiles().get(0)).onLineContaining("@Trainer");
  }

  @Test
  void innerClassExperiment() {
    JavaFileObject source = JavaFileObjects.forSourceLines("test.Outer",
        "package test;",
        "import dev.ortrain.annotations.Trainer;",
        "public class Outer {",
        "  @Trainer",
        "  public class Exp {}",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorContaining("[ortrain/ExperimentClass] @Trainer class Exp is an inner class of"
        + " Outer; make it static so that it can be created on its own").inFile(source).onLineContaining("@Trainer");
  }

  @Test
  void privateNestedExperiment() {
    JavaFileObject source = JavaFileObjects.forSourceLines("test.Outer",
        "package test;",
        "import dev.ortrain.annotations.Trainer;",
        "public class Outer {",
        "  @Trainer",
        "  private static class Exp {}",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorContaining("[ortrain/ExperimentClass] @Trainer class Exp is private; the"
        + " generated classes next to it must see it, make it package-private or public").inFile(source)
        .onLineContaining("@Trainer");
  }

  @Test
  void noConstructorTheModuleCanCall() {
    assertSingleError(compile(declared("public class Exp", "  Exp(String name) {}")), "[ortrain/NotConstructible] Exp"
        + " cannot be created: give it an @Inject constructor (its parameters come from Dagger modules) or a"
        + " non-private constructor without parameters", "@Trainer");
  }

  @Test
  void twoInjectConstructors() {
    // Dagger says so too, on the class; this error points at the constructor.
    assertSingleError(compileWithoutDagger(declared("public class Exp", "  @Inject Exp() {}",
        "  @Inject Exp(String name) {}")),
        "[ortrain/NotConstructible] Exp has more than one @Inject constructor; Dagger needs exactly one, keep one",
        "@Inject Exp(String name)");
  }

  @Test
  void privateInjectConstructor() {
    assertSingleError(compileWithoutDagger(declared("public class Exp", "  @Inject private Exp() {}")),
        "[ortrain/NotConstructible]"
        + " Exp has a private @Inject constructor; the generated module calls it, make it package-private or wider",
        "@Inject private Exp()");
  }

  @Test
  void modulesMustBeDaggerModules() {
    assertSingleError(compile(Experiments.withTrainer("modules = String.class")), "[ortrain/NotAModule] modules lists"
        + " java.lang.String, which is not annotated with @dagger.Module", "modules = String.class");
  }

  @Test
  void providerOutsideAnExperiment() {
    JavaFileObject source = JavaFileObjects.forSourceLines("test.Plain",
        "package test;",
        "import dev.ortrain.annotations.Loss;",
        "public class Plain {",
        "  @Loss",
        "  Object loss() { return null; }",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("[ortrain/OutsideExperiment] @Loss on loss() has no effect: Plain is"
        + " not annotated with @Trainer").inFile(source).onLineContaining("Object loss()");
  }
}
