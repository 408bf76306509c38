package dev.ortrain.loss;

import java.util.OptionalLong;

/**
 * What a classification loss accepts as a target: class indices from 0 to {@code classes - 1}, and the one
 * index it skips, if any.
 */
public record ClassTargets(long classes, OptionalLong ignoreIndex) {}
