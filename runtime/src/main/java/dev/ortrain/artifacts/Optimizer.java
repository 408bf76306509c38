package dev.ortrain.artifacts;

import dev.ortrain.rules.ConfigRules;

/**
 * The optimizers ortrain generates. ONNX Runtime's optimizer model recognises exactly two kernels,
 * {@code AdamWOptimizer} and {@code SGDOptimizerV2} (which has neither momentum nor weight decay; ortrain adds
 * both in the training graph, see {@link Sgd}). Other optimizers (Lamb, Adagrad, RMSprop) are not available.
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
      ConfigRules.BETA1.require(beta1);
      ConfigRules.BETA2.require(beta2);
      ConfigRules.EPSILON.require(epsilon);
      ConfigRules.WEIGHT_DECAY.require(weightDecay);
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

  /**
   * Stochastic gradient descent as PyTorch's {@code torch.optim.SGD} (dampening 0): g ← g + λ·w;
   * v ← μ·v + g (v = g on the first step); w ← w − lr·v, or w ← w − lr·(g + μ·v) with Nesterov.
   *
   * <p>ONNX Runtime's {@code SGDOptimizerV2} only does w ← w − lr·g, so momentum and weight decay are
   * computed in the training graph: on the first micro-batch of each window it adds μ·v + λ·w to the
   * gradient it accumulates, and it keeps v in a frozen parameter {@code <param>.momentum} so that v is
   * saved in checkpoints and resumes exactly.
   */
  record Sgd(float momentum, float weightDecay, boolean nesterov) implements Optimizer {
    public Sgd {
      ConfigRules.MOMENTUM.require(momentum);
      ConfigRules.WEIGHT_DECAY.require(weightDecay);
      if (nesterov && momentum == 0) {
        throw new IllegalArgumentException("SGD nesterov = true needs momentum > 0 (as in PyTorch)");
      }
    }

    /** Plain SGD: w ← w − lr·g. */
    public Sgd() {
      this(0f, 0f, false);
    }

    /** w ← w − lr·g. */
    public static Sgd plain() {
      return new Sgd(0f, 0f, false);
    }

    public static Sgd withMomentum(float momentum) {
      return new Sgd(momentum, 0f, false);
    }

    /** Whether the training graph has to add momentum or weight decay (plain SGD needs nothing). */
    public boolean needsGraphState() {
      return momentum > 0 || weightDecay > 0;
    }

    @Override
    public String describe() {
      return needsGraphState()
          ? "sgd(momentum=" + momentum + ", weight_decay=" + weightDecay + ", nesterov=" + nesterov + ")"
          : "sgd";
    }
  }

}
