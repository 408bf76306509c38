package dev.ortrain.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's complete experiment compiles as written, with both processors, so the guide stays true. */
class ReadmeExperimentTest {
  private static final Path README = Path.of("..", "README.md");

  @Test
  void theFirstExperimentOfTheReadmeCompilesAndGetsItsTrainer() throws IOException {
    String readme = Files.readString(README);
    Matcher block = Pattern.compile("```java\n(package demo;\n.*?public class FirstExperiment .*?)```",
        Pattern.DOTALL).matcher(readme);
    assertTrue(block.find(), "README.md shows no complete FirstExperiment in package demo");
    Compilation compilation = Compilations.compile(JavaFileObjects.forSourceString("demo.FirstExperiment",
        block.group(1)));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("demo/FirstExperimentTrainer");
    assertThat(compilation).generatedSourceFile("demo/DaggerFirstExperimentComponent");
  }
}
