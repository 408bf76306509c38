package dev.ortrain.benchmarks.harness;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One running worker (benchmarks/PROTOCOL.md): requests in on its stdin, answers out of its stdout. */
final class WorkerProcess implements AutoCloseable {
  private final Contender contender;
  private final Process process;
  private final BufferedReader answers;
  private final PrintStream requests;

  private WorkerProcess(Contender contender, Process process) {
    this.contender = contender;
    this.process = process;
    this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.requests = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
  }

  static WorkerProcess start(Contender contender, Map<String, String> env, Path log) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(contender.command());
    pb.environment().putAll(env);
    pb.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    return new WorkerProcess(contender, pb.start());
  }

  Contender contender() {
    return contender;
  }

  /** Sends one request and waits for its answer; a worker error comes back as a {@link WorkerException}. */
  JsonObject request(JsonObject request) throws IOException {
    requests.println(request);
    String line = answers.readLine();
    if (line == null) {
      throw new WorkerException(contender.name() + " exited (code " + exitCode() + ") during " + request
          + "; see its log");
    }
    JsonObject answer = JsonParser.parseString(line).getAsJsonObject();
    if (!answer.get("ok").getAsBoolean()) {
      throw new WorkerException(contender.name() + ": " + answer.get("error").getAsString());
    }
    return answer;
  }

  private String exitCode() {
    try {
      return process.waitFor(2, TimeUnit.SECONDS) ? String.valueOf(process.exitValue()) : "still running";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  @Override
  public void close() {
    try {
      if (process.isAlive()) {
        requests.println("{\"op\":\"quit\"}");
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /** A worker's refusal or failure; the suite records it and goes on without that measurement. */
  static final class WorkerException extends IOException {
    WorkerException(String message) {
      super(message);
    }
  }

  static List<String> javaCommand(String classpath, String mainClass, String... args) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new java.util.ArrayList<>(List.of(java, "-Xss2m", "-cp", classpath, mainClass));
    cmd.addAll(List.of(args));
    return cmd;
  }
}
