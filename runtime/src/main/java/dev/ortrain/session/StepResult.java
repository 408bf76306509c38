package dev.ortrain.session;

/**
 * What one training or evaluation step returns.
 *
 * @param loss the mean loss of the batch
 * @param gradNorm global L2 norm of this batch's gradients (NaN for evaluation or foreign artifacts)
 * @param prediction the model output, row-major, or null when the model does not return it
 * @param predictionShape its shape
 */
public record StepResult(float loss, float gradNorm, float[] prediction, long[] predictionShape) {}
