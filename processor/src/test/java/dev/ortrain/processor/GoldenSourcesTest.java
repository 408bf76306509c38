package dev.ortrain.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generated sources of two experiments ({@code golden/*.java}: every feature set, and the defaults with a
 * computed schedule), against the reviewed copies in {@code golden/expected/}: equivalent as Java, and equal as
 * text, so that a change to what users read shows up in review.
 */
class GoldenSourcesTest {
  private Compilation compilation;

  /** Per test, not once per class: PIT credits a test only with the code its own methods run (issue #27). */
  @BeforeEach
  void compileGoldenExperiments() {
    compilation = Compilations.compile(JavaFileObjects.forResource("golden/FullExperiment.java"),
        JavaFileObjects.forResource("golden/ComputedSchedule.java"));
  }

  @Test
  void goldenExperimentsCompileWithDagger() {
    assertThat(compilation).succeeded();
    assertThat(compilation).generatedSourceFile("golden/DaggerFullExperimentComponent");
    assertThat(compilation).generatedSourceFile("golden/DaggerComputedScheduleComponent");
  }

  @ParameterizedTest
  @ValueSource(strings = {"FullExperimentTrainer", "FullExperimentModule", "FullExperimentComponent",
      "FullExperimentHooks", "FullExperimentRegistration", "ComputedScheduleTrainer", "ComputedScheduleModule",
      "ComputedScheduleComponent", "ComputedScheduleRegistration"})
  void generatedSourceMatchesTheGoldenFile(String name) throws IOException {
    String expected = "golden/expected/" + name + ".java";
    assertThat(compilation).generatedSourceFile("golden/" + name)
        .hasSourceEquivalentTo(JavaFileObjects.forResource(expected));
    assertThat(compilation).generatedSourceFile("golden/" + name).contentsAsUtf8String().isEqualTo(read(expected));
  }

  @Test
  void oneServiceFileListsEveryRegistration() {
    assertThat(compilation).generatedFile(StandardLocation.CLASS_OUTPUT,
        "META-INF/services/dev.ortrain.loop.RegisteredExperiment")
        .contentsAsUtf8String().isEqualTo("golden.ComputedScheduleRegistration\ngolden.FullExperimentRegistration\n");
  }

  @Test
  void noHooksNoHooksClass() {
    assertThat(compilation.generatedSourceFile("golden/ComputedScheduleHooks").isPresent()).isFalse();
  }

  private static String read(String resource) {
    try (InputStream in = GoldenSourcesTest.class.getClassLoader().getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
