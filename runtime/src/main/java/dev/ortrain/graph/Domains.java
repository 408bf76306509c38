package dev.ortrain.graph;

/** Operator-set domains and the versions ortrain writes. */
public final class Domains {
  /** The standard ONNX domain, written as the empty string. */
  public static final String ONNX = "";
  /** ONNX Runtime's contrib and training operators. */
  public static final String MICROSOFT = "com.microsoft";
  /** ONNX Runtime's channel-blocked (NCHWc) CPU kernels; see {@code dev.ortrain.layout}. */
  public static final String NCHWC = "com.microsoft.nchwc";
  /** ai.onnx opset ortrain writes; ONNX Runtime's training kernels (1.24 and 1.28) are verified with it. */
  public static final int ONNX_OPSET = 17;
  public static final int MICROSOFT_OPSET = 1;
  public static final int NCHWC_OPSET = 1;
  /** IR version matching opset 17. */
  public static final int IR_VERSION = 8;

  private Domains() {}
}
