package dev.ortrain.annotations;

/** The optimizers ONNX Runtime's training API runs. */
public enum OptimizerType {
  /** AdamW with decoupled weight decay (uses beta1, beta2, epsilon, weightDecay). */
  ADAMW,
  /** SGD, optionally with momentum, Nesterov momentum and weight decay. */
  SGD
}
