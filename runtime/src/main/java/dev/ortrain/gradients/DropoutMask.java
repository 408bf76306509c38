package dev.ortrain.gradients;

import dev.ortrain.graph.TensorType;

/**
 * A dropout mask the trainer feeds to the training model at every step: a float tensor of 0s and 1s (1 =
 * keep) shaped like the dropped activation, drawn from the trainer's own random generator so that a resumed
 * run draws the same masks as an uninterrupted one. The model multiplies the activation by the mask and by
 * {@code 1/(1 − ratio)}.
 *
 * @param input the training model's input that receives the mask ({@code <dropout output>.mask})
 * @param ratio the probability of dropping an element
 * @param type float, shaped like the activation (batch dimension symbolic)
 */
public record DropoutMask(String input, float ratio, TensorType type) {}
