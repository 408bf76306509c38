package dev.ortrain.nn;

import dev.ortrain.artifacts.ForwardModel;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A layer made of other layers, written as PyTorch's {@code nn.Module}: the constructor registers the layers
 * under the names their parameters take ({@code conv1} gives {@code conv1.weight}, and inside a module
 * registered as {@code layer1}, {@code layer1.conv1.weight}); {@link #forward} applies them to symbolic
 * tensors, in any arrangement: residual additions, concatenations, a layer applied twice (its weights shared).
 * Shapes are checked as forward runs, so a mistake fails naming the layer path and both shapes.
 *
 * <pre>{@code
 * final class BasicBlock extends Module {
 *   private final Conv2d conv1, conv2;
 *   private final BatchNorm2d bn1, bn2;
 *
 *   BasicBlock(long channels) {
 *     conv1 = register("conv1", new Conv2d(channels, channels, 3).padding(1).bias(false));
 *     bn1 = register("bn1", new BatchNorm2d(channels));
 *     conv2 = register("conv2", new Conv2d(channels, channels, 3).padding(1).bias(false));
 *     bn2 = register("bn2", new BatchNorm2d(channels));
 *   }
 *
 *   @Override
 *   protected Tensor forward(Tensor x) {
 *     Tensor y = bn1.apply(conv1.apply(x)).relu();
 *     return bn2.apply(conv2.apply(y)).add(x).relu();
 *   }
 * }
 * }</pre>
 *
 * A module is itself a layer: it nests in other modules and in a {@link Sequential}.
 */
public abstract class Module implements Layer {
  /** A tensor the module owns itself rather than through a layer, such as a learned positional embedding. */
  public static final class Parameter {
    private final Module owner;
    private final ParameterSpec spec;

    private Parameter(Module owner, ParameterSpec spec) {
      this.owner = owner;
      this.spec = spec;
    }

    public String name() {
      return spec.name();
    }

    public Shape shape() {
      return spec.shape();
    }

    ParameterSpec spec() {
      return spec;
    }

    /** Its value in the graph being built; only inside the owning module's forward. */
    public Tensor value() {
      if (owner.tracer == null) {
        throw new IllegalStateException("The parameter '" + name() + "' of " + owner.describe() + " is read"
            + " outside its forward; read value() inside forward, where the model is being built");
      }
      return owner.tracer.parameter(owner, this);
    }
  }

  private final Map<String, Layer> children = new LinkedHashMap<>();
  private final Map<String, Parameter> parameters = new LinkedHashMap<>();
  private boolean frozen;
  private Tracer tracer; // set while forward runs, for Parameter.value()

  /** The module's computation on a single input; modules with more inputs add their own apply methods. */
  protected abstract Tensor forward(Tensor input);

  /**
   * Registers {@code layer} under {@code name}, which its parameters are named after; call it from the
   * constructor, once per layer. A name may have dots to mirror PyTorch's lists ({@code "layers.0"}).
   */
  protected final <L extends Layer> L register(String name, L layer) {
    Objects.requireNonNull(layer, "layer");
    requireFreeName(name);
    for (Map.Entry<String, Layer> e : children.entrySet()) {
      if (e.getValue() == layer) {
        throw new IllegalArgumentException(describe() + " registers " + layer.describe() + " as '" + e.getKey()
            + "' and as '" + name + "'; register it once and apply it twice to share its weights");
      }
    }
    children.put(name, layer);
    return layer;
  }

  /** Declares a parameter of the module itself, such as a learned positional embedding of shape [1, L, D]. */
  protected final Parameter parameter(String name, Shape shape, Init init) {
    requireFreeName(name);
    Fan fan = shape.rank() >= 2 ? Fan.ofWeight(dims(shape)) : null;
    Parameter p = new Parameter(this, ParameterSpec.trainable(name, shape, init, fan));
    parameters.put(name, p);
    return p;
  }

  /**
   * Runs {@code body} as this module's code, its layers named after this module's place in the model: the
   * way to write an {@code apply} with several inputs, e.g. {@code apply(Tensor x, Tensor mask)}.
   */
  protected final Tensor call(Tensor anyInput, Supplier<Tensor> body) {
    return anyInput.tracer().enter(this, body);
  }

  /** Excludes every parameter of this module from training; they are kept as frozen parameters. */
  public Module freeze() {
    this.frozen = true;
    return this;
  }

  /**
   * The inference graph of this module as a model of one float input {@code input} and one output
   * {@code output}, with freshly initialized parameters (the same seed, the same values).
   */
  public ForwardModel build(Shape input, long seed) {
    return build(TensorType.floats(input), seed);
  }

  /** The same for an input of any element type, such as int64 token ids. */
  public ForwardModel build(TensorType input, long seed) {
    requireBatch(input.shape());
    return ForwardModelAssembler.trace(this, seed, t -> t.output(ForwardModelAssembler.OUTPUT,
        forward(t.input(ForwardModelAssembler.INPUT, input))));
  }

  /** A table of the layers applied, with output shapes and parameters; shared layers count once. */
  public String summary(Shape input) {
    return summary(TensorType.floats(input));
  }

  public String summary(TensorType input) {
    requireBatch(input.shape());
    Tracer dry = Tracer.dry();
    dry.root(this, "", () -> forward(dry.input(ForwardModelAssembler.INPUT, input)));
    return ModelSummary.of(dry);
  }

  @Override
  public String describe() {
    return getClass().getSimpleName();
  }

  /** Modules are named by the module or Sequential that holds them. */
  @Override
  public String name() {
    return null;
  }

  @Override
  public boolean isFrozen() {
    return frozen;
  }

  @Override
  public Shape outputShape(Shape input) {
    return dryTrace(input).output.shape();
  }

  @Override
  public List<ParameterSpec> parameters(Shape input) {
    return dryTrace(input).tracer.parameters();
  }

  @Override
  public void emit(LayerContext ctx) {
    Tracer t = Tracer.emitting(ctx.graph());
    Tensor output = t.root(this, ctx.scope(), () -> forward(new Tensor(t, ctx.input(),
        TensorType.floats(ctx.inputShape()))));
    GraphBuilder g = ctx.graph();
    g.node("Identity").name(ctx.freshName("Identity")).inputs(output.name()).outputs(ctx.output());
  }

  /** The registered layers, as PyTorch prints a module. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(describe()).append("(\n");
    for (Parameter p : parameters.values()) {
      b.append("  (").append(p.name()).append("): Parameter ").append(p.shape()).append('\n');
    }
    for (Map.Entry<String, Layer> e : children.entrySet()) {
      b.append("  (").append(e.getKey()).append("): ").append(e.getValue().toString().replace("\n", "\n  "))
          .append(e.getValue().isFrozen() ? " [frozen]" : "").append('\n');
    }
    return b.append(')').toString();
  }

  /** The name {@code layer} is registered under; a layer must be registered to be applied. */
  String localNameOf(Layer layer) {
    for (Map.Entry<String, Layer> e : children.entrySet()) {
      if (e.getValue() == layer) {
        return e.getKey();
      }
    }
    throw new IllegalStateException(layer.describe() + " is applied in " + describe() + " but not registered"
        + " there; register it in the constructor, e.g. register(\"name\", layer), to give its parameters a name");
  }

  List<Parameter> ownParameters() {
    return new ArrayList<>(parameters.values());
  }

  Tracer enterTrace(Tracer next) {
    Tracer outer = tracer;
    tracer = next;
    return outer;
  }

  void leaveTrace(Tracer outer) {
    tracer = outer;
  }

  private record DryTrace(Tracer tracer, Tensor output) {}

  private DryTrace dryTrace(Shape input) {
    Tracer dry = Tracer.dry();
    Tensor output = dry.root(this, "", () -> forward(dry.input(ForwardModelAssembler.INPUT,
        TensorType.floats(input))));
    return new DryTrace(dry, output);
  }

  private void requireFreeName(String name) {
    if (name == null || name.isEmpty() || name.startsWith(".") || name.endsWith(".") || name.contains("..")) {
      throw new IllegalArgumentException("A layer or parameter name must be non-empty, with dots only between"
          + " parts (\"layers.0\"), got '" + name + "'");
    }
    if (children.containsKey(name) || parameters.containsKey(name)) {
      throw new IllegalArgumentException(describe() + " already has a layer or parameter called '" + name
          + "'; give each its own name");
    }
  }

  private static void requireBatch(Shape input) {
    if (input.rank() < 1) {
      throw new IllegalArgumentException("The model input needs at least a batch dimension, got " + input);
    }
  }

  private static long[] dims(Shape shape) {
    long[] d = new long[shape.rank()];
    for (int i = 0; i < d.length; i++) {
      d[i] = shape.size(i);
    }
    return d;
  }
}
