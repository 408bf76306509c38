package dev.ortrain.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.CompilationSubject;
import com.google.testing.compile.Compiler;
import dagger.internal.codegen.ComponentProcessor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/** Compiles with the ortrain processor and Dagger's, as a build does, and checks diagnostics. */
final class Compilations {
  private Compilations() {}

  static Compilation compile(JavaFileObject... sources) {
    return Compiler.javac().withProcessors(new TrainerProcessor(), new ComponentProcessor())
        .compile(sources);
  }

  /** With the ortrain processor only, for rules that Dagger would report a second time. */
  static Compilation compileWithoutDagger(JavaFileObject... sources) {
    return Compiler.javac().withProcessors(new TrainerProcessor()).compile(sources);
  }

  /** Exactly one error, with this full text, in the experiment's file on the line containing {@code line}. */
  static void assertSingleError(Compilation compilation, String message, String line) {
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(message).inFile(compilation.sourceFiles().get(0))
        .onLineContaining(line);
    assertThat(compilation.errors().get(0).getMessage(null)).isEqualTo(message);
  }

  /**
   * A diagnostic of this kind whose text contains {@code message}, with its caret on {@code token}: the first
   * occurrence of it from the start of the first line that contains {@code line}.
   */
  static void assertAt(Compilation compilation, Diagnostic.Kind kind, String message, String line, String token) {
    JavaFileObject file = compilation.sourceFiles().get(0);
    List<String> lines;
    try {
      lines = file.getCharContent(true).toString().lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int index = 0;
    while (!lines.get(index).contains(line)) {
      index++;
    }
    int column = lines.get(index).indexOf(token, lines.get(index).indexOf(line)) + 1;
    assertThat(column).isGreaterThan(0);
    CompilationSubject subject = assertThat(compilation);
    var clause = switch (kind) {
      case ERROR -> subject.hadErrorContaining(message);
      case WARNING, MANDATORY_WARNING -> subject.hadWarningContaining(message);
      case NOTE, OTHER -> subject.hadNoteContaining(message);
    };
    clause.inFile(file).onLine(index + 1).atColumn(column);
  }

  /** A warning with this full text on the line containing {@code line}, and a successful build. */
  static void assertWarning(Compilation compilation, String message, String line) {
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningContaining(message).inFile(compilation.sourceFiles().get(0))
        .onLineContaining(line);
    assertThat(compilation.diagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.WARNING)
        .map(d -> d.getMessage(null)).toList()).contains(message);
  }
}
