package dev.ortrain.callbacks;

import dev.ortrain.checkpoint.OrtCheckpoint;

/**
 * The model's parameters at one point of training, held in memory.
 *
 * @param checkpoint parameters (and optimizer state) as ONNX Runtime's checkpoint holds them
 * @param globalStep the optimizer step at which they were taken
 */
public record ParameterSnapshot(OrtCheckpoint checkpoint, long globalStep) {}
