package dev.ortrain.nn;

import dev.ortrain.graph.DataType;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.graph.Tensors;
import dev.ortrain.onnx.proto.Onnx.TensorProto;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs a {@link Module}'s {@code forward} on symbolic {@link Tensor}s: each layer applied checks its input
 * shape, declares its parameters the first time (a layer applied twice shares them) and, unless the trace
 * is dry, adds its nodes. A dry trace only computes shapes and parameters, so that a module can answer
 * {@link Layer#outputShape} and {@link Layer#parameters} cheaply.
 */
final class Tracer {
  /** How the parameters a trace declares get their values. */
  enum Values {
    /** Drawn from their initializers with the model seed and added to the graph. */
    SAMPLED,
    /** Already in the graph: an enclosing {@link Sequential} declared them. */
    DECLARED,
    /** None: a dry trace has no graph. */
    NONE
  }

  /** One module being run: where its layers' parameters live and whether they train. */
  record Scope(String path, Module owner, boolean frozen) {}

  /** One layer application, for the summary; {@code sharedWith} is the path of its first use, or null. */
  record Call(String path, String description, String outputShape, long parameters, String sharedWith,
      boolean frozen) {}

  private final GraphBuilder graph;
  private final Values values;
  private final long seed;
  private final Map<Layer, String> homes = new IdentityHashMap<>();
  private final List<ParameterSpec> parameters = new ArrayList<>();
  private final List<Call> calls = new ArrayList<>();
  private final List<String> outputs = new ArrayList<>();
  private final Map<String, Shape> inputs = new java.util.LinkedHashMap<>();
  private final Deque<Scope> scopes = new ArrayDeque<>();
  private int dryValues;

  private Tracer(GraphBuilder graph, Values values, long seed) {
    this.graph = graph;
    this.values = values;
    this.seed = seed;
  }

  /** A trace that builds a model: parameters are initialized from {@code seed}. */
  static Tracer building(GraphBuilder graph, long seed) {
    return new Tracer(graph, Values.SAMPLED, seed);
  }

  /** A trace inside a graph whose parameters an enclosing Sequential has declared. */
  static Tracer emitting(GraphBuilder graph) {
    return new Tracer(graph, Values.DECLARED, 0);
  }

  /** A trace of shapes and parameters only. */
  static Tracer dry() {
    return new Tracer(null, Values.NONE, 0);
  }

  List<ParameterSpec> parameters() {
    return List.copyOf(parameters);
  }

  List<Call> calls() {
    return List.copyOf(calls);
  }

  /** The outputs named so far, in order. */
  List<String> outputs() {
    return List.copyOf(outputs);
  }

  /** The inputs declared so far with their shapes, in order. */
  Map<String, Shape> inputs() {
    return java.util.Collections.unmodifiableMap(inputs);
  }

  /** A graph input of the traced model. */
  Tensor input(String name, TensorType type) {
    if (inputs.putIfAbsent(name, type.shape()) != null) {
      throw new IllegalArgumentException("The model has two inputs called '" + name + "'; name each one apart");
    }
    if (graph != null) {
      graph.input(name, type);
    }
    return new Tensor(this, name, type);
  }

  /** Makes {@code value} a graph output called {@code name}. */
  void output(String name, Tensor value) {
    requireOwn(value);
    if (outputs.contains(name)) {
      throw new IllegalArgumentException("The model has two outputs called '" + name + "'; name each one apart");
    }
    outputs.add(name);
    if (graph != null) {
      graph.node("Identity").name(name + ".Identity").inputs(value.name()).outputs(name);
      graph.output(name, value.type());
    }
  }

  /** Runs {@code body} as the root module's forward, its layers named from {@code path}. */
  <T> T root(Module root, String path, Supplier<T> body) {
    homes.put(root, path);
    declareOwnParameters(root, path, root.isFrozen());
    return inScope(new Scope(path, root, root.isFrozen()), body);
  }

  /** Applies a layer registered in the module now running; called by {@link Layer#apply}. */
  Tensor apply(Layer layer, Tensor input) {
    requireOwn(input);
    String local = current(layer).owner().localNameOf(layer);
    return located(local, layer, () -> call(join(current(layer).path(), local), layer, input));
  }

  /** Runs a module's own code (a forward with several inputs), named as it is registered. */
  <T> T enter(Module module, Supplier<T> body) {
    Scope outer = current(module);
    String local = outer.owner().localNameOf(module);
    return located(local, module, () -> enterAt(join(outer.path(), local), module, body));
  }

  /** The value of a parameter a module declared itself. */
  Tensor parameter(Module owner, Module.Parameter p) {
    String home = homes.get(owner);
    return new Tensor(this, join(home, p.name()), TensorType.floats(p.shape()));
  }

  /** Adds one node of the module now running; returns its single output. */
  Tensor node(String opType, TensorType output, Consumer<GraphBuilder.NodeBuilder> attributes, Tensor... inputs) {
    return node(false, opType, output, attributes, inputs);
  }

  /** The same for an operator of ONNX Runtime's {@code com.microsoft} domain, such as Gelu before opset 20. */
  Tensor microsoftNode(String opType, TensorType output, Consumer<GraphBuilder.NodeBuilder> attributes,
      Tensor... inputs) {
    return node(true, opType, output, attributes, inputs);
  }

  private Tensor node(boolean microsoft, String opType, TensorType output,
      Consumer<GraphBuilder.NodeBuilder> attributes, Tensor... inputs) {
    for (Tensor t : inputs) {
      requireOwn(t);
    }
    String path = scopes.isEmpty() ? "" : scopes.peek().path();
    String name = freshName(join(path, opType.toLowerCase(java.util.Locale.ROOT)));
    if (graph != null) {
      var node = (microsoft ? graph.msNode(opType) : graph.node(opType)).name(join(path, opType));
      for (Tensor t : inputs) {
        node.inputs(t.name());
      }
      attributes.accept(node);
      node.outputs(name);
      graph.valueType(name, output);
    }
    return new Tensor(this, name, output);
  }

  /** A constant of the graph (a scalar, axes, a mask). */
  Tensor constant(TensorProto value, TensorType type) {
    if (graph == null) {
      return new Tensor(this, freshName(value.getName()), type);
    }
    String name = graph.freshName(value.getName());
    graph.initializer(value.toBuilder().setName(name).build());
    return new Tensor(this, name, type);
  }

  Tensor floatScalar(float value) {
    return constant(Tensors.floats("scalar", new long[0], value), TensorType.floats(Shape.of()));
  }

  Tensor floats(String hint, long[] dims, float[] values) {
    return constant(Tensors.floats(hint, dims, values), TensorType.floats(Shape.of(dims)));
  }

  Tensor int64s(long... values) {
    return constant(Tensors.int64s("axes", new long[] {values.length}, values),
        new TensorType(DataType.INT64, Shape.of(values.length)));
  }

  private Tensor call(String path, Layer layer, Tensor input) {
    if (layer instanceof Module module) {
      return enterAt(path, module, () -> module.forward(input));
    }
    if (layer instanceof Sequential chain) {
      return chain(path, chain, input);
    }
    return leaf(path, layer, input);
  }

  private <T> T enterAt(String path, Module module, Supplier<T> body) {
    boolean frozen = frozen() || module.isFrozen();
    String home = homes.putIfAbsent(module, path);
    if (home == null) {
      declareOwnParameters(module, path, frozen);
    }
    return inScope(new Scope(home == null ? path : home, module, frozen), body);
  }

  private <T> T inScope(Scope scope, Supplier<T> body) {
    scopes.push(scope);
    Tracer outer = scope.owner().enterTrace(this);
    try {
      return body.get();
    } finally {
      scope.owner().leaveTrace(outer);
      scopes.pop();
    }
  }

  /** A Sequential's layers one after the other, each named by its position or name. */
  private Tensor chain(String path, Sequential chain, Tensor input) {
    String home = homes.computeIfAbsent(chain, c -> path);
    boolean outerFrozen = frozen();
    List<String> names = chain.localNames();
    Tensor value = input;
    scopes.push(new Scope(home, scopes.isEmpty() ? null : scopes.peek().owner(), outerFrozen || chain.isFrozen()));
    try {
      for (int i = 0; i < names.size(); i++) {
        Layer layer = chain.layers().get(i);
        Tensor in = value;
        String layerPath = join(home, names.get(i));
        value = located(names.get(i), layer, () -> call(layerPath, layer, in));
      }
    } finally {
      scopes.pop();
    }
    return value;
  }

  private Tensor leaf(String path, Layer layer, Tensor input) {
    DataType outputType = layer.outputDataType(input.type().dataType());
    Shape outputShape = layer.outputShape(input.shape());
    List<ParameterSpec> specs = layer.parameters(input.shape());
    String home = homes.putIfAbsent(layer, path);
    boolean frozen = frozen() || layer.isFrozen();
    long count = 0;
    if (home == null) {
      for (ParameterSpec p : specs) {
        declare(path.isEmpty() ? p : p.inside(path), frozen);
        count += p.elementCount();
      }
    } else {
      requireSameParameters(home, specs);
    }
    requireSharedOwnersApplied(layer);
    String where = home == null ? path : home;
    String output = freshName(join(where, "output"));
    if (graph != null) {
      layer.emit(new LayerContext(graph, where, input.name(), input.shape(), output, outputShape, homes::get));
      graph.valueType(output, new TensorType(outputType, outputShape));
    }
    calls.add(new Call(path, layer.describe(), outputShape.toString(), count, home, frozen));
    return new Tensor(this, output, new TensorType(outputType, outputShape));
  }

  /** A layer sharing another's weight (a tied output layer) reads it where that layer declared it. */
  private void requireSharedOwnersApplied(Layer layer) {
    if (layer instanceof Linear linear && linear.tiedEmbedding() != null
        && !homes.containsKey(linear.tiedEmbedding())) {
      throw new IllegalStateException(layer.describe() + " shares the weight of " + linear.tiedEmbedding()
          .describe() + ", which the model has not applied yet; apply the embedding before the tied layer");
    }
  }

  private void declareOwnParameters(Module module, String path, boolean frozen) {
    for (Module.Parameter p : module.ownParameters()) {
      ParameterSpec spec = path.isEmpty() ? p.spec() : p.spec().inside(path);
      declare(spec, frozen);
      calls.add(new Call(spec.name(), "Parameter", p.shape().toString(), p.shape().elementCount(), null, frozen));
    }
  }

  private void declare(ParameterSpec spec, boolean frozen) {
    ParameterSpec p = frozen ? spec.frozen() : spec;
    parameters.add(p);
    if (values == Values.SAMPLED) {
      graph.initializer(Tensors.floats(p.name(), p.shape().resolve(0), ParameterValues.initial(p, seed)));
    }
  }

  /** A shared layer must fit its second input with the same parameters, or the weights could not be one. */
  private void requireSameParameters(String home, List<ParameterSpec> specs) {
    for (ParameterSpec p : specs) {
      String name = join(home, p.name());
      boolean same = parameters.stream().anyMatch(d -> d.name().equals(name) && d.shape().equals(p.shape()));
      if (!same) {
        throw new ShapeMismatchException("is applied again (its weights are shared with '" + home + "') to an"
            + " input that needs its " + p.name() + " to be " + p.shape() + "; apply a layer of its own there");
      }
    }
  }

  private Scope current(Layer applied) {
    if (scopes.isEmpty()) {
      throw new IllegalStateException(applied.describe() + " is applied outside a model's forward; apply layers"
          + " inside Module.forward or a FunctionalModel definition");
    }
    return scopes.peek();
  }

  private boolean frozen() {
    return !scopes.isEmpty() && scopes.peek().frozen();
  }

  private void requireOwn(Tensor t) {
    if (t.tracer() != this) {
      throw new IllegalArgumentException("Tensor " + t + " comes from another model's trace; tensors cannot be"
          + " kept from one build to the next, compute them inside forward");
    }
  }

  private String freshName(String hint) {
    return graph != null ? graph.freshName(hint) : hint + "#" + dryValues++;
  }

  private static <T> T located(String local, Layer layer, Supplier<T> body) {
    try {
      return body.get();
    } catch (ShapeMismatchException e) {
      throw e.inside(local, layer);
    }
  }

  static String join(String scope, String name) {
    return scope.isEmpty() ? name : scope + "." + name;
  }
}
