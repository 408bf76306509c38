package dev.ortrain.cli;

import dev.ortrain.loop.RegisteredExperiment;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code list}: each experiment with its annotated key settings, run folder and data. */
@Command(name = "list", description = "List the experiments with their key settings.")
final class ListCommand implements Runnable {
  @ParentCommand Cli cli;
  @Spec CommandSpec spec;

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    List<RegisteredExperiment> experiments = cli.catalog().all();
    if (experiments.isEmpty()) {
      out.println("No experiments on the class path (annotate a class with @Trainer and compile it with the"
          + " ortrain processor).");
      return;
    }
    for (RegisteredExperiment experiment : experiments) {
      out.println(experiment.name() + "  (" + experiment.className() + ")");
      out.println("    " + ConfigDescription.keySettings(experiment.defaultConfig()));
      out.println("    run folder " + experiment.defaultRunDirectory() + "; " + extras(experiment));
    }
    out.flush();
  }

  private static String extras(RegisteredExperiment experiment) {
    List<String> extras = new ArrayList<>();
    extras.add(experiment.hasValidationData() ? "validation data" : "no validation data");
    extras.add(experiment.hasTestData() ? "test data" : "no test data");
    if (experiment.savesCheckpoints()) {
      extras.add("saves its own checkpoints");
    }
    return String.join(", ", extras);
  }
}
