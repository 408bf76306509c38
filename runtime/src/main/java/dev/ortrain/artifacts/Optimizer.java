package dev.ortrain.artifacts;

/**
 * The optimizers ONNX Runtime's training API runs. Its optimizer model recognises exactly two kernels,
 * {@code AdamWOptimizer} and {@code SGDOptimizerV2}; the latter has neither momentum nor weight decay.
 */
public sealed interface Optimizer {

  /** A short description for logs and fingerprints. */
  String describe();

  /**
   * AdamW with decoupled weight decay, PyTorch's update ({@code adam_mode=0}): w ← w − lr·λ·w, then
   * w ← w − lr·m̂/(√v̂ + ε).
   */
  record AdamW(float beta1, float beta2, float epsilon, float weightDecay, boolean biasCorrection)
      implements Optimizer {
    public AdamW {
      check(beta1 >= 0 && beta1 < 1, "beta1", beta1, "[0, 1)");
      check(beta2 >= 0 && beta2 < 1, "beta2", beta2, "[0, 1)");
      check(epsilon > 0, "epsilon", epsilon, "> 0");
      check(weightDecay >= 0, "weightDecay", weightDecay, ">= 0");
    }

    /** PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, weight decay 0.01, bias correction on. */
    public static AdamW defaults() {
      return new AdamW(0.9f, 0.999f, 1e-8f, 0.01f, true);
    }

    public AdamW withWeightDecay(float decay) {
      return new AdamW(beta1, beta2, epsilon, decay, biasCorrection);
    }

    @Override
    public String describe() {
      return "adamw(beta1=" + beta1 + ", beta2=" + beta2 + ", eps=" + epsilon + ", weight_decay=" + weightDecay
          + ", bias_correction=" + biasCorrection + ")";
    }
  }

  /** Plain stochastic gradient descent: w ← w − lr·g. */
  record Sgd() implements Optimizer {
    @Override
    public String describe() {
      return "sgd";
    }
  }

  private static void check(boolean ok, String field, float value, String range) {
    if (!ok) {
      throw new IllegalArgumentException("AdamW " + field + " = " + value + " is out of range; allowed: " + range);
    }
  }
}
