package dev.ortrain.session;

/** The outputs of one step, read by name: ONNX Runtime's result, or the pinned buffers it wrote into. */
interface StepValues {
  /** Whether the step returned {@code name} as a tensor. */
  boolean has(String name);

  /** The first element of a returned float tensor (a loss or a norm). */
  float scalar(String name);

  /** A copy of a returned tensor's values, or null when it holds no floats. */
  float[] floats(String name);

  long[] shape(String name);
}
