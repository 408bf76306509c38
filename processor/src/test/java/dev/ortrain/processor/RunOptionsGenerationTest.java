package dev.ortrain.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import dev.ortrain.callbacks.Callback;
import dev.ortrain.callbacks.TrainingContext;
import dev.ortrain.loop.FitResult;
import dev.ortrain.loop.RegisteredExperiment;
import dev.ortrain.loop.RunOptions;
import dev.ortrain.loop.Trainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A runner reaches generated experiments through their registration: the annotated configuration, and a
 * trainer built with the runner's overrides, run directory and callbacks.
 */
class RunOptionsGenerationTest {
  @TempDir Path dir;

  @Test
  void registrationTrainsWithTheOverriddenConfigurationDirectoryAndCallbacks() throws Exception {
    RegisteredExperiment registration = register(Experiments.experiment(List.of("epochs = 3", "batchSize = 4",
        "runDirectory = \"runs/annotated\""), List.of(), Experiments.PROVIDERS + "\n" + Experiments.VALIDATION));
    assertThat(registration.name()).isEqualTo("Exp");
    assertThat(registration.className()).isEqualTo("test.Exp");
    assertThat(registration.defaultConfig().epochs()).isEqualTo(3);
    assertThat(registration.defaultRunDirectory()).isEqualTo(Path.of("runs/annotated"));
    assertThat(registration.hasValidationData()).isTrue();
    assertThat(registration.hasTestData()).isFalse();
    assertThat(registration.savesCheckpoints()).isFalse();

    List<Integer> epochsSeen = new ArrayList<>();
    Callback recorder = new Callback() {
      @Override
      public void onEpochEnd(TrainingContext ctx) {
        epochsSeen.add(ctx.epoch());
      }
    };
    RunOptions options = RunOptions.defaults().withConfigOverride(b -> b.epochs(1)).withRunDirectory(dir)
        .withCallbacks(List.of(recorder));
    try (Trainer trainer = registration.create(options)) {
      FitResult result = trainer.fit();
      assertThat(result.epochsCompleted()).isEqualTo(1);
      assertThat(trainer.runDirectory()).isEqualTo(dir);
    }
    assertThat(epochsSeen).hasSize(1);
  }

  @Test
  void anInvalidOverrideFailsWithTheCompileTimeMessage() throws Exception {
    RegisteredExperiment registration = register(Experiments.withTrainer("batchSize = 4"));
    RunOptions options = RunOptions.defaults().withConfigOverride(b -> b.epochs(0)).withRunDirectory(dir);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registration.create(options));
    assertThat(e).hasMessageThat().isEqualTo(
        "epochs = 0 is out of range; allowed: [1, 1000000] (number of passes over the training data)");
  }

  @Test
  void componentBuilderTakesModulesThatNeedAnInstance() {
    JavaFileObject source = Experiments.experiment(List.of("modules = {Exp.Sizes.class, Exp.Constants.class}"),
        List.of(), Experiments.PROVIDERS + "\n"
            + "  @javax.inject.Inject Exp(int width, String label) {}\n"
            + "  @dagger.Module public static class Sizes {\n"
            + "    @dagger.Provides int width() { return 4; }\n"
            + "  }\n"
            + "  @dagger.Module public abstract static class Constants {\n"
            + "    @dagger.Provides static String label() { return \"x\"; }\n"
            + "  }");
    Compilation compilation = Compilations.compile(source);
    assertThat(compilation).succeeded();
    assertThat(compilation).generatedSourceFile("test.ExpComponent").contentsAsUtf8String()
        .contains("Builder sizes(Exp.Sizes module);");
    assertThat(compilation).generatedSourceFile("test.ExpComponent").contentsAsUtf8String()
        .doesNotContain("Constants module");
  }

  /** Compiles the experiment and instantiates the class its service file names, as ServiceLoader would. */
  private static RegisteredExperiment register(JavaFileObject source) throws Exception {
    Compilation compilation = Compilations.compile(source);
    assertThat(compilation).succeeded();
    String listed = compilation.generatedFile(StandardLocation.CLASS_OUTPUT,
        "META-INF/services/dev.ortrain.loop.RegisteredExperiment").orElseThrow().getCharContent(true).toString();
    assertThat(listed).isEqualTo("test.ExpRegistration\n");
    Class<?> registration = new CompiledClasses(compilation).loadClass(listed.strip());
    return (RegisteredExperiment) registration.getConstructor().newInstance();
  }
}
