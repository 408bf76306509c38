package dev.ortrain.importer;

/** Computes the output types of one operator from its input types and attributes. */
@FunctionalInterface
interface ShapeRule {
  void infer(NodeShapes node);
}
