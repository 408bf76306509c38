package dev.ortrain.benchmarks.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the report says about the machine it ran on. */
final class Machine {
  private Machine() {}

  static String cpuModel() {
    return field(Path.of("/proc/cpuinfo"), "model name").orElse(System.getProperty("os.arch"));
  }

  static double memoryGib() {
    return field(Path.of("/proc/meminfo"), "MemTotal")
        .map(v -> Long.parseLong(v.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0).orElse(-1.0);
  }

  private static java.util.Optional<String> field(Path file, String name) {
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith(name)) {
          return java.util.Optional.of(line.substring(line.indexOf(':') + 1).trim());
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return java.util.Optional.empty();
  }
}
