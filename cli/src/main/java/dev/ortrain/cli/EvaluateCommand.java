package dev.ortrain.cli;

import dev.ortrain.loop.RegisteredExperiment;
import dev.ortrain.loop.Trainer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code evaluate}: restores a checkpoint and prints its metrics on the test data (else the validation data). */
@Command(name = "evaluate", description = "Evaluate a checkpoint on the test set (or the validation set).")
final class EvaluateCommand implements Callable<Integer> {
  @ParentCommand Cli cli;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "EXPERIMENT", description = "Experiment name, as `list` shows it.")
  String experiment;

  @Option(names = "--checkpoint", required = true, paramLabel = "DIR", description = "Checkpoint directory.")
  Path checkpoint;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "The overrides the checkpoint was trained with (default: those in its run folder).")
  List<String> settings = new ArrayList<>();

  @Option(names = "--device", paramLabel = "cpu|cuda|cuda:N", description = "Device to evaluate on.")
  String device;

  @Option(names = "--out", paramLabel = "DIR", description = "Folder for the evaluation's model files"
      + " (default: the checkpoint's run folder).")
  Path out;

  @Override
  public Integer call() {
    PrintWriter console = spec.commandLine().getOut();
    RunSetup setup = RunSetup.resolve(cli.catalog(), experiment, settings, device, out, checkpoint, console);
    RegisteredExperiment registered = setup.experiment();
    if (!registered.hasTestData() && !registered.hasValidationData()) {
      throw new CliException(registered.name() + " declares neither @TestData nor @ValidationData");
    }
    try (Trainer trainer = registered.create(setup.options(List.of()))) {
      trainer.restore(checkpoint);
      String split = registered.hasTestData() ? "test" : "validation";
      Map<String, Double> metrics = registered.hasTestData() ? trainer.test() : trainer.validate();
      console.println("Checkpoint " + checkpoint + " on the " + split + " data:");
      metrics.forEach((name, value) -> console.printf(Locale.ROOT, "  %-22s %.4f%n", name, value));
    }
    console.flush();
    return 0;
  }
}
