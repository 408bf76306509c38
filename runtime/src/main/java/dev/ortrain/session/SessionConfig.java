package dev.ortrain.session;

import dev.ortrain.ort.Device;

/**
 * How a training session runs.
 *
 * @param device CPU or CUDA
 * @param intraOpThreads threads inside one operator (0 = one per available processor)
 * @param interOpThreads threads across operators (0 = ONNX Runtime's default)
 * @param seed seed of ONNX Runtime's own random generator
 * @param tuning optimization level, execution mode and thread spinning
 */
public record SessionConfig(Device device, int intraOpThreads, int interOpThreads, long seed, OrtTuning tuning) {
  public SessionConfig(Device device, int intraOpThreads, int interOpThreads, long seed) {
    this(device, intraOpThreads, interOpThreads, seed, OrtTuning.defaults());
  }

  public SessionConfig {
    if (tuning == null) {
      throw new IllegalArgumentException("tuning must not be null (OrtTuning.defaults() for ONNX Runtime's)");
    }
    if (intraOpThreads < 0) {
      throw new IllegalArgumentException("intraOpThreads must be >= 0 (0 = one per available processor), got "
          + intraOpThreads);
    }
    if (interOpThreads < 0) {
      throw new IllegalArgumentException("interOpThreads must be >= 0, got " + interOpThreads);
    }
  }

  public static SessionConfig defaults() {
    return new SessionConfig(Device.cpu(), 0, 0, 42L);
  }

  public SessionConfig withDevice(Device d) {
    return new SessionConfig(d, intraOpThreads, interOpThreads, seed, tuning);
  }

  public SessionConfig withThreads(int intraOp) {
    return new SessionConfig(device, intraOp, interOpThreads, seed, tuning);
  }

  public SessionConfig withSeed(long s) {
    return new SessionConfig(device, intraOpThreads, interOpThreads, s, tuning);
  }

  public SessionConfig withInterOpThreads(int interOp) {
    return new SessionConfig(device, intraOpThreads, interOp, seed, tuning);
  }

  public SessionConfig withTuning(OrtTuning t) {
    return new SessionConfig(device, intraOpThreads, interOpThreads, seed, t);
  }
}
