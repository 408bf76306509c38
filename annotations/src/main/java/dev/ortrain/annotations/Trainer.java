package dev.ortrain.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an experiment: a class that provides a model ({@link Model}), a loss ({@link Loss}) and training data
 * ({@link TrainData}), and configures how it is trained. The processor checks every value at compile time and
 * generates {@code <Experiment>Trainer}, {@code <Experiment>Module} and {@code <Experiment>Component}.
 *
 * <p>The class must be a concrete, non-generic top-level or static nested class with either one {@code @Inject}
 * constructor or a non-private no-argument constructor. Defaults equal the runtime's {@code TrainerConfig}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Trainer {
  /** Passes over the training data, in [1, 1000000]. */
  int epochs() default 10;

  /** Samples per micro-batch, in [1, 2^20]. */
  int batchSize() default 64;

  /** Seeds parameter initialisation, shuffling and augmentation. */
  long seed() default 42L;

  /**
   * {@code "cpu"}, {@code "cuda:<id>"}, or {@code "cuda"} (the first GPU, {@code "cuda:0"}); {@code "gpu"}
   * means {@code "cuda"} too.
   */
  String device() default "cpu";

  /** ONNX Runtime intra-op threads; 0 = one per available processor. */
  int threads() default 0;

  /**
   * Batches prepared ahead on a background thread, in [-1, 64]: 0 = assembled on the training thread, n = up to
   * n ahead; -1 = automatic: 2 on CUDA or when {@link #threads()} leaves a processor free, else 0 (a loader thread
   * competing with ONNX Runtime's for every processor slows training down).
   */
  int prefetch() default -1;

  OptimizerType optimizer() default OptimizerType.ADAMW;

  /** Initial learning rate, in (0, 10]. */
  double learningRate() default 1e-3;

  /** AdamW first-moment decay, in [0, 1). */
  double beta1() default 0.9;

  /** AdamW second-moment decay, in [0, 1). */
  double beta2() default 0.999;

  /** AdamW denominator term, in (0, 1]. */
  double epsilon() default 1e-8;

  /** Decoupled weight decay in [0, 1]; -1 = the optimizer's default (0.01 for ADAMW as in PyTorch, 0 for SGD). */
  double weightDecay() default -1;

  /** SGD momentum, in [0, 1). */
  double momentum() default 0;

  /** SGD Nesterov momentum; needs {@code momentum > 0}. */
  boolean nesterov() default false;

  /** Micro-batches per optimizer step, in [1, 4096]. */
  int accumulationSteps() default 1;

  /** Clip the gradient to this global L2 norm; 0 = no clipping. */
  double clipGradNorm() default 0;

  /** Validate every this many {@link #validationUnit()}s (needs {@link ValidationData}). */
  int validateEvery() default 1;

  Unit validationUnit() default Unit.EPOCH;

  /** Run only the first N validation batches; 0 = all. */
  int validationBatches() default 0;

  /** Run only this fraction of the validation batches, in (0, 1]. */
  double validationFraction() default 1.0;

  /** Write a checkpoint every this many {@link #checkpointUnit()}s; 0 = no checkpoints. */
  int checkpointEvery() default 0;

  Unit checkpointUnit() default Unit.EPOCH;

  /** Checkpoints kept, newest first; 0 = all. */
  int keepLast() default 2;

  /** Also keep the best checkpoint by this validation metric (e.g. {@code "val_loss"}); "" = none. */
  String checkpointMonitor() default "";

  MonitorMode checkpointMode() default MonitorMode.AUTO;

  /** Stop when this validation metric (e.g. {@code "val_loss"}) stops improving; "" = no early stopping. */
  String earlyStoppingMonitor() default "";

  /** Validations without improvement before stopping, in [1, 1000000]. */
  int patience() default 3;

  /** Smallest change that counts as an improvement, >= 0. */
  double minDelta() default 0;

  MonitorMode mode() default MonitorMode.AUTO;

  /** Put back the parameters of the best validation when training ends. */
  boolean restoreBestWeights() default false;

  /** Shuffle the training data every epoch. */
  boolean shuffle() default true;

  /** Drop the last partial training batch of each epoch. */
  boolean dropLast() default false;

  NanAction nanPolicy() default NanAction.FAIL;

  /** With {@link NanAction#SKIP}: skipped steps tolerated in the run before it fails anyway; 0 = no limit. */
  int maxSkippedSteps() default 0;

  /** Where checkpoints and logs go; "" = {@code runs/<Experiment>}. */
  String runDirectory() default "";

  /** Extra Dagger modules that provide the experiment's own {@code @Inject} dependencies. */
  Class<?>[] modules() default {};
}
