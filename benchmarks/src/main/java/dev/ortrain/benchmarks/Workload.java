package dev.ortrain.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A model the suite trains on Fashion-MNIST, identical in every contender (benchmarks/PROTOCOL.md): its name on
 * the wire, its name in the report, where ortrain's copy of it comes from, its cost per sample and the batch
 * sizes it is measured at.
 */
public enum Workload {
  MLP("mlp", "MLP", Source.ORTRAIN_API, Workloads.MLP_FLOPS_PER_SAMPLE, List.of(64, 256), 100),
  CNN("cnn", "CNN", Source.ORTRAIN_API, Workloads.CNN_FLOPS_PER_SAMPLE, List.of(64, 256), 20),
  RESNET("resnet", "ResNet", Source.PYTORCH_EXPORT, Flops.RESNET, List.of(32, 128), 20),
  TRANSFORMER("transformer", "Transformer", Source.PYTORCH_EXPORT, Flops.TRANSFORMER, List.of(32, 128), 20),
  LSTM("lstm", "LSTM", Source.PYTORCH_EXPORT, Flops.LSTM, List.of(32, 128), 20);

  /** How the ONNX Runtime contenders get the model. */
  public enum Source {
    /** Built with ortrain's Java model API ({@link Workloads}). */
    ORTRAIN_API,
    /** Exported from the PyTorch peer's model by {@code torch_worker.py --export} and imported. */
    PYTORCH_EXPORT
  }

  private final String id;
  private final String title;
  private final Source source;
  private final double flopsPerSample;
  private final List<Integer> batches;
  private final int profileSteps;

  Workload(String id, String title, Source source, double flopsPerSample, List<Integer> batches,
      int profileSteps) {
    this.id = id;
    this.title = title;
    this.source = source;
    this.flopsPerSample = flopsPerSample;
    this.batches = batches;
    this.profileSteps = profileSteps;
  }

  /** The name in requests, results and on the command line. */
  public String id() {
    return id;
  }

  /** The name in the report's tables. */
  public String title() {
    return title;
  }

  public Source source() {
    return source;
  }

  public boolean importedFromPyTorch() {
    return source == Source.PYTORCH_EXPORT;
  }

  /** Floating-point operations of one training sample (forward + backward = 3x the forward pass). */
  public double flopsPerSample() {
    return flopsPerSample;
  }

  /** The batch sizes the suite measures unless told others. */
  public List<Integer> defaultBatches() {
    return batches;
  }

  /** Training steps under the profilers: fewer for the models whose steps are long. */
  public int profileSteps() {
    return profileSteps;
  }

  /** The workload named {@code id}; an unknown name is an error that lists the known ones. */
  public static Workload parse(String id) {
    return Arrays.stream(values()).filter(w -> w.id.equals(id)).findFirst().orElseThrow(
        () -> new IllegalArgumentException("Unknown model '" + id + "'; known: " + ids()));
  }

  /** The known names, comma-separated. */
  public static String ids() {
    return Arrays.stream(values()).map(Workload::id).collect(Collectors.joining(","));
  }

  /**
   * Multiply-adds of one forward pass, doubled and tripled as for the MLP and CNN; the sequence models read an
   * image as 28 steps of 28 pixels.
   */
  private static final class Flops {
    private static final double PER_SAMPLE = 3 * 2.0;
    static final double RESNET = PER_SAMPLE * (28 * 28 * 16 * 9 // stem
        + 2 * 28 * 28 * 16 * 16 * 9 // block 16->16
        + 14 * 14 * (32 * 16 * 9 + 32 * 32 * 9 + 32 * 16) // block 16->32, stride 2, 1x1 shortcut
        + 7 * 7 * (64 * 32 * 9 + 64 * 64 * 9 + 64 * 32) // block 32->64, stride 2, 1x1 shortcut
        + 64 * 10);
    static final double TRANSFORMER = PER_SAMPLE * (28 * 28 * 64 // row embedding
        + 2 * (28 * 64 * 3 * 64 + 2 * 28 * 28 * 64 + 28 * 64 * 64 + 2 * 28 * 64 * 128) // 2 encoder layers
        + 64 * 10);
    static final double LSTM = PER_SAMPLE * (28 * 4 * 128 * ((28 + 128) + (128 + 128)) // 2 layers, 28 steps
        + 128 * 10);

    private Flops() {}
  }
}
