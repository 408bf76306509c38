package dev.ortrain.benchmarks.worker;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Serves the benchmark worker protocol (benchmarks/PROTOCOL.md) for one {@link Worker}: one JSON request per
 * line on stdin, one JSON answer per line on stdout. Everything else the process prints goes to stderr, so
 * library output can never corrupt an answer.
 */
public final class WorkerMain {
  private WorkerMain() {}

  /** {@code java ... WorkerMain framework|framework-logging|raw-ort}. */
  public static void main(String[] args) throws Exception {
    PrintStream answers = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    System.setOut(System.err);
    if (args.length != 1) {
      throw new IllegalArgumentException("Usage: WorkerMain framework|framework-logging|raw-ort");
    }
    Worker worker = switch (args[0]) {
      case "framework" -> new FrameworkWorker(false);
      case "framework-logging" -> new FrameworkWorker(true);
      case "raw-ort" -> new RawOrtWorker();
      default -> throw new IllegalArgumentException("Unknown worker " + args[0]
          + "; use framework, framework-logging or raw-ort");
    };
    serve(worker, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), answers);
  }

  static void serve(Worker worker, BufferedReader in, PrintStream out) throws Exception {
    Gson gson = new Gson();
    String line;
    while ((line = in.readLine()) != null) {
      if (line.isBlank()) {
        continue;
      }
      Map<String, Object> answer = new LinkedHashMap<>();
      boolean quit = false;
      try {
        JsonObject request = JsonParser.parseString(line).getAsJsonObject();
        String op = request.get("op").getAsString();
        quit = op.equals("quit");
        answer.put("ok", true);
        answer.putAll(quit ? worker.quit() : worker.handle(op, request));
      } catch (Exception | Error e) {
        e.printStackTrace(System.err);
        answer.clear();
        answer.put("ok", false);
        answer.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
      }
      out.println(gson.toJson(answer));
      if (quit) {
        break;
      }
    }
    System.exit(0);
  }
}
