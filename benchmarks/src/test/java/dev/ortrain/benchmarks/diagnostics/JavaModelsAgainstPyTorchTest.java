package dev.ortrain.benchmarks.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.benchmarks.diagnostics.JavaModelsAgainstPyTorch.JavaModel;
import dev.ortrain.benchmarks.diagnostics.JavaModelsAgainstPyTorch.Options;
import dev.ortrain.benchmarks.diagnostics.JavaModelsAgainstPyTorch.Outcome;
import dev.ortrain.settings.Setting;
import dev.ortrain.settings.Settings;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The comparison's options, and the settings it hands the PyTorch peer from each experiment. */
class JavaModelsAgainstPyTorchTest {

  @Test
  void optionsDefaultToEveryModelAsAnnotatedOnTwoThreads() {
    Options o = Options.parse(new String[0]);
    assertEquals(List.of(JavaModel.RESNET, JavaModel.VIT, JavaModel.LSTM), o.models());
    assertEquals(0, o.epochs());
    assertEquals(0, o.batches());
    assertEquals(2, o.threads());
    Options smoke = Options.parse(new String[] {"--models", "vit, lstm", "--epochs", "1", "--batches", "5",
        "--python", "/opt/torchenv/bin/python", "--data", "/tmp/fm"});
    assertEquals(List.of(JavaModel.VIT, JavaModel.LSTM), smoke.models());
    assertEquals(1, smoke.epochs());
    assertEquals(5, smoke.batches());
    assertEquals("/opt/torchenv/bin/python", smoke.python());
    assertEquals(Path.of("/tmp/fm"), smoke.data());
  }

  @Test
  void badOptionsSayWhatIsAllowed() {
    var model = assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[] {"--models", "cnn"}));
    assertEquals("Unknown model 'cnn'; choose from resnet, vit, lstm", model.getMessage());
    var option = assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[] {"--epoch", "3"}));
    assertTrue(option.getMessage().startsWith("Unknown option --epoch. Options: --models"), option.getMessage());
    var value = assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[] {"--threads"}));
    assertTrue(value.getMessage().startsWith("Option --threads needs a value."), value.getMessage());
  }

  /** The peer follows a cosine per epoch; every Java-written example uses one, fitted to its epochs. */
  @Test
  void eachExperimentGivesThePeerItsSettingsAndEpochsRefitTheCosine() {
    Options threeEpochs = Options.parse(new String[] {"--epochs", "3"});
    for (JavaModel model : JavaModel.values()) {
      Settings annotated = JavaModelsAgainstPyTorch.find(model.experiment).defaultSettings();
      Settings asAnnotated = JavaModelsAgainstPyTorch.effective(annotated, Options.parse(new String[0]));
      assertEquals(annotated.whole(Setting.T_MAX), (long) asAnnotated.integer(Setting.EPOCHS), model.experiment);
      assertEquals(2, asAnnotated.integer(Setting.THREADS));
      Settings shorter = JavaModelsAgainstPyTorch.effective(annotated, threeEpochs);
      assertEquals(3, shorter.integer(Setting.EPOCHS));
      assertEquals(3L, shorter.whole(Setting.T_MAX));
    }
    var constant = assertThrows(IllegalStateException.class,
        () -> JavaModelsAgainstPyTorch.effective(Settings.defaults(), threeEpochs));
    assertTrue(constant.getMessage().contains("this experiment's schedule is CONSTANT per STEP"),
        constant.getMessage());
  }

  @Test
  void theMedianEpochTimeIgnoresASlowFirstEpoch() {
    assertEquals(2.0, new Outcome("x", 3, 10, List.of(9.0, 2.0, 1.5), 0.9).medianSeconds());
    assertEquals(1.75, new Outcome("x", 4, 10, List.of(9.0, 2.0, 1.5, 1.0), 0.9).medianSeconds());
  }
}
