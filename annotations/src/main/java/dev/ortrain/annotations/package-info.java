/**
 * The annotations of an experiment. {@link dev.ortrain.annotations.Trainer} marks the class; the
 * annotation processor checks every value at compile time against {@link dev.ortrain.rules.ConfigRules} and
 * generates a {@code <Experiment>Trainer} plus a Dagger component and module that wire the experiment to the
 * runtime's training loop. The annotations are kept in class files only (no run-time reflection reads them).
 */
package dev.ortrain.annotations;
