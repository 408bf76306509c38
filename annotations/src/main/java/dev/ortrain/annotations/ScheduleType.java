package dev.ortrain.annotations;

/** The declarative learning-rate schedules; each equals the PyTorch scheduler named. */
public enum ScheduleType {
  /** The initial learning rate throughout (after an optional warm-up). */
  CONSTANT,
  /** {@code StepLR}: times {@code gamma} every {@code stepSize} units. */
  STEP,
  /** {@code MultiStepLR}: times {@code gamma} at each of {@code milestones}. */
  MULTI_STEP,
  /** {@code ExponentialLR}: times {@code gamma} every unit. */
  EXPONENTIAL,
  /** {@code CosineAnnealingLR}: half a cosine down to {@code minLearningRate} over {@code tMax} units. */
  COSINE,
  /** {@code ReduceLROnPlateau}: times {@code factor} when {@code monitor} stops improving. */
  PLATEAU
}
