package dev.ortrain.callbacks;

/**
 * One training micro-batch's result.
 *
 * @param loss the batch's mean loss
 * @param gradNorm the global L2 norm of its gradients (NaN when the artifacts do not report it)
 * @param size samples in the batch
 * @param optimizerStepped whether an optimizer step followed this micro-batch
 * @param skipped whether the step was skipped because loss or gradient norm were not finite
 * @param seconds wall time of the batch (data, forward, backward, optimizer)
 */
public record BatchOutcome(float loss, float gradNorm, int size, boolean optimizerStepped, boolean skipped,
    double seconds) {}
