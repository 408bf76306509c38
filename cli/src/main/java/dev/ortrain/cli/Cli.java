package dev.ortrain.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * ortrain's command line for the annotated experiments on the class path: {@code list}, {@code run},
 * {@code sweep} and {@code evaluate}.
 *
 * <p>A project that depends on {@code ortrain-cli} runs it on its own experiments: {@code mvn -q exec:java
 * -Dexec.mainClass=dev.ortrain.cli.Cli -Dexec.args="list"}.
 */
@Command(name = "ortrain", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
    description = "Lists, trains, sweeps and evaluates the annotated experiments on the class path.",
    subcommands = {ListCommand.class, RunCommand.class, SweepCommand.class, EvaluateCommand.class,
        HelpCommand.class})
public final class Cli implements Runnable {
  /** Exit code for a mistake in the command line or in a value (as picocli uses for usage errors). */
  static final int USAGE_ERROR = 2;
  /** Exit code for a run that failed (a checkpoint of another configuration, a missing GPU, ...). */
  static final int RUN_FAILED = 1;

  private final ExperimentCatalog catalog;
  @Spec CommandSpec spec;

  Cli(ExperimentCatalog catalog) {
    this.catalog = catalog;
  }

  ExperimentCatalog catalog() {
    return catalog;
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Name a command: list, run, sweep or evaluate");
  }

  public static void main(String[] args) {
    int code = execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Runs one command line with the experiments on the class path; returns the exit code. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    return execute(ExperimentCatalog.onClassPath(), args, out, err);
  }

  static int execute(ExperimentCatalog catalog, String[] args, PrintWriter out, PrintWriter err) {
    // The curves are drawn into PNG files; no display is needed or wanted.
    System.setProperty("java.awt.headless", "true");
    return commandLine(catalog).setOut(out).setErr(err)
        .setExecutionExceptionHandler((e, commandLine, parsed) -> {
          commandLine.getErr().println("error: " + e.getMessage());
          commandLine.getErr().flush();
          return e instanceof CliException ? USAGE_ERROR : RUN_FAILED;
        })
        .execute(args);
  }

  /** The command line over the catalog's experiments, before its output and error handling are set. */
  static CommandLine commandLine(ExperimentCatalog catalog) {
    return new CommandLine(new Cli(catalog)).setCaseInsensitiveEnumValuesAllowed(true); // --prune median
  }
}
