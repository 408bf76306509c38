package dev.ortrain.processor.model;

import dev.ortrain.processor.diagnostics.Location;

/** A value read from an annotation and where a diagnostic about it points. */
public record Declared<T>(T value, Location location) {}
