package dev.ortrain.benchmarks.worker;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** One contender of the benchmark, answering the operations of benchmarks/PROTOCOL.md. */
interface Worker {
  /** Answers one request; the result's entries are added to {@code "ok": true}. */
  Map<String, Object> handle(String op, JsonObject request) throws Exception;

  /** Releases native resources before the process exits. */
  Map<String, Object> quit() throws Exception;

  /** The process's peak resident set in MB (VmHWM), or -1 where /proc does not tell. */
  static double peakRssMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException e) {
      // not Linux: reported as unknown
    }
    return -1;
  }

  /** The ONNX file of a model PyTorch exported: the setup request's {@code onnx}, which must exist. */
  static Path onnxFile(JsonObject setup) throws IOException {
    if (!setup.has("onnx")) {
      throw new IllegalArgumentException("Model " + setup.get("model").getAsString() + " is imported from"
          + " PyTorch's export: setup needs \"onnx\", the file torch_worker.py --export wrote");
    }
    Path file = Path.of(setup.get("onnx").getAsString());
    if (!Files.isRegularFile(file)) {
      throw new IOException("No ONNX model at " + file);
    }
    return file;
  }

  static UnsupportedOperationException unsupported(String op) {
    return new UnsupportedOperationException("op '" + op + "' is not supported by this worker");
  }
}
