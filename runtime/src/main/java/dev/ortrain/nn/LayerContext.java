package dev.ortrain.nn;

import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.Shape;

/**
 * What a layer sees while it adds its nodes: the graph, its input and output value names and shapes, and
 * its parameters under their full names. The output's type is recorded by the caller.
 */
public final class LayerContext {
  private final GraphBuilder graph;
  private final String scope;
  private final String input;
  private final Shape inputShape;
  private final String output;
  private final Shape outputShape;
  /** Where each layer applied so far keeps its parameters; null outside a Module, where nothing is shared. */
  private final java.util.function.Function<Layer, String> homes;

  LayerContext(GraphBuilder graph, String scope, String input, Shape inputShape, String output,
      Shape outputShape) {
    this(graph, scope, input, inputShape, output, outputShape, null);
  }

  LayerContext(GraphBuilder graph, String scope, String input, Shape inputShape, String output,
      Shape outputShape, java.util.function.Function<Layer, String> homes) {
    this.homes = homes;
    this.graph = graph;
    this.scope = scope;
    this.input = input;
    this.inputShape = inputShape;
    this.output = output;
    this.outputShape = outputShape;
  }

  /** The context of the layer called {@code localName} inside this one. */
  LayerContext child(String localName, String childInput, Shape childInputShape, String childOutput,
      Shape childOutputShape) {
    return new LayerContext(graph, scoped(localName), childInput, childInputShape, childOutput, childOutputShape,
        homes);
  }

  public GraphBuilder graph() {
    return graph;
  }

  /** The layer's path in the model, such as {@code 3} or {@code block.1}; empty for the whole model. */
  public String scope() {
    return scope;
  }

  public String input() {
    return input;
  }

  public Shape inputShape() {
    return inputShape;
  }

  /** The name the layer's result must have. */
  public String output() {
    return output;
  }

  public Shape outputShape() {
    return outputShape;
  }

  /** The full name of one of this layer's parameters, as declared by {@link Layer#parameters}. */
  public String parameter(String localName) {
    String full = scoped(localName);
    if (!graph.isInitializer(full)) {
      throw new IllegalStateException("Layer '" + scope + "' uses the parameter '" + localName
          + "' but does not declare it in parameters()");
    }
    return full;
  }

  /**
   * The full name of a parameter of {@code owner}, another layer of the model whose weight this one shares
   * (an output layer tied to the embedding); {@code owner} must have been applied before this layer.
   */
  public String sharedParameter(Layer owner, String localName) {
    String home = homes == null ? null : homes.apply(owner);
    if (home == null) {
      throw new IllegalStateException("Layer '" + scope + "' shares the " + localName + " of " + owner.describe()
          + ", which the model has not applied before it; apply " + owner.describe() + " first, inside a Module");
    }
    return home.isEmpty() ? localName : home + "." + localName;
  }

  /** A fresh name inside this layer, for nodes, intermediate values and constants. */
  public String freshName(String hint) {
    return graph.freshName(scoped(hint));
  }

  /** Starts a standard-domain node named after this layer. */
  public GraphBuilder.NodeBuilder node(String opType) {
    return graph.node(opType).name(scoped(opType));
  }

  /** Starts a {@code com.microsoft} node named after this layer. */
  public GraphBuilder.NodeBuilder msNode(String opType) {
    return graph.msNode(opType).name(scoped(opType));
  }

  private String scoped(String name) {
    return scope.isEmpty() ? name : scope + "." + name;
  }
}
