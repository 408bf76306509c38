package dev.ortrain.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A Python interpreter for tests that check ortrain's output with a Python library: the one named by the system
 * property {@value #PROPERTY} or the environment variable {@value #ENV}, else {@value #TORCH_ENV}, else
 * {@code python3} on the path; the first that can import the module is taken.
 */
public final class PythonInterpreter {
  public static final String PROPERTY = "ortrain.python";
  public static final String ENV = "ORTRAIN_PYTHON";
  public static final String TORCH_ENV = "/opt/torchenv/bin/python";
  private static final long TIMEOUT_SECONDS = 300;

  private final String executable;

  private PythonInterpreter(String executable) {
    this.executable = executable;
  }

  /** The first candidate that imports {@code module}, or empty when none does. */
  public static Optional<PythonInterpreter> importing(String module) {
    for (String candidate : candidates()) {
      PythonInterpreter python = new PythonInterpreter(candidate);
      try {
        if (python.run(List.of("-c", "import " + module)).exitCode() == 0) {
          return Optional.of(python);
        }
      } catch (IOException e) {
        // not installed here: try the next
      }
    }
    return Optional.empty();
  }

  /** Where the interpreters were looked for, for a skipped test's message. */
  public static String searched() {
    return String.join(", ", candidates()) + " (set -D" + PROPERTY + "=... or " + ENV + " to choose another)";
  }

  private static List<String> candidates() {
    List<String> candidates = new ArrayList<>();
    Optional.ofNullable(System.getProperty(PROPERTY)).ifPresent(candidates::add);
    Optional.ofNullable(System.getenv(ENV)).ifPresent(candidates::add);
    candidates.add(TORCH_ENV);
    candidates.add("python3");
    return candidates;
  }

  /** What a finished script printed. */
  public record Outcome(int exitCode, String stdout, String stderr) {}

  /** Runs {@code script} with {@code args} and waits for it. */
  public Outcome runScript(Path script, String... args) throws IOException {
    List<String> arguments = new ArrayList<>(List.of(script.toString()));
    arguments.addAll(List.of(args));
    return run(arguments);
  }

  private Outcome run(List<String> arguments) throws IOException {
    List<String> command = new ArrayList<>(List.of(executable));
    command.addAll(arguments);
    Process process = new ProcessBuilder(command).start();
    process.getOutputStream().close();
    try {
      // both streams are read on their own threads, so that neither fills its pipe and blocks the script
      CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
      String stdout = readAll(process.getInputStream());
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(command + " did not finish within " + TIMEOUT_SECONDS + " s");
      }
      return new Outcome(process.exitValue(), stdout, stderr.join());
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while waiting for " + command, e);
    }
  }

  private static String readAll(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
