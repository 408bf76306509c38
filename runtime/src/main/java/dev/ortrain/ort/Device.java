package dev.ortrain.ort;

/** Where ONNX Runtime runs the math: the CPU (default) or one CUDA GPU. */
public sealed interface Device {

  static Device cpu() {
    return Cpu.INSTANCE;
  }

  static Device cuda(int deviceId) {
    return new Cuda(deviceId);
  }

  /** Parses "cpu", "cuda:N", or "cuda" and its alias "gpu", both the first GPU (cuda:0). */
  static Device parse(String text) {
    String t = text.trim().toLowerCase(java.util.Locale.ROOT);
    if (t.equals("cpu")) {
      return cpu();
    }
    if (t.equals("cuda") || t.equals("gpu")) {
      return cuda(0);
    }
    if (t.startsWith("cuda:")) {
      try {
        return cuda(Integer.parseInt(t.substring(5)));
      } catch (NumberFormatException e) {
        // fall through to the error below
      }
    }
    throw new IllegalArgumentException("Unknown device '" + text + "'; use cpu, cuda:<id>, or cuda (or gpu) for"
        + " cuda:0");
  }

  enum Cpu implements Device {
    INSTANCE;

    @Override
    public String toString() {
      return "cpu";
    }
  }

  record Cuda(int deviceId) implements Device {
    public Cuda {
      if (deviceId < 0) {
        throw new IllegalArgumentException("CUDA device id must be >= 0, got " + deviceId);
      }
    }

    @Override
    public String toString() {
      return "cuda:" + deviceId;
    }
  }
}
