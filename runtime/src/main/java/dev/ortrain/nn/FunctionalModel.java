package dev.ortrain.nn;

import dev.ortrain.artifacts.ForwardModel;
import dev.ortrain.graph.TensorType;
import java.util.function.Consumer;

/**
 * A model of several inputs or outputs, written as Keras' functional API: the definition declares the
 * inputs, registers the layers under their names, applies them and names the outputs; the first output is
 * the prediction the loss reads.
 *
 * <pre>{@code
 * ForwardModel model = FunctionalModel.build(42L, m -> {
 *   Tensor image = m.input("image", TensorType.floats(Shape.batched(3, 8, 8)));
 *   Tensor tokens = m.input("tokens", new TensorType(DataType.INT64, Shape.batched(6)));
 *   Tensor seen = m.layer("cnn", cnn).apply(image);
 *   Tensor read = m.layer("embed", new Embedding(20, 16)).apply(tokens).mean(1);
 *   m.output("logits", m.layer("head", new Linear(32, 5)).apply(Tensor.concat(1, seen, read)));
 * });
 * }</pre>
 */
public final class FunctionalModel {
  /** What a definition sees: the model's inputs, outputs and layers, named at the top level. */
  public static final class Definition {
    private final Tracer tracer;
    private final Root root;

    private Definition(Tracer tracer, Root root) {
      this.tracer = tracer;
      this.root = root;
    }

    /** A graph input; its name is the key of the input's tensor when training. */
    public Tensor input(String name, TensorType type) {
      if (type.shape().rank() < 1) {
        throw new IllegalArgumentException("The input '" + name + "' needs at least a batch dimension, got "
            + type.shape());
      }
      return tracer.input(name, type);
    }

    /** Registers a layer under {@code name} (its parameters' prefix) and returns it, to apply it. */
    public <L extends Layer> L layer(String name, L layer) {
      return root.add(name, layer);
    }

    /** Makes {@code value} an output called {@code name}; the first output is the prediction. */
    public void output(String name, Tensor value) {
      tracer.output(name, value);
    }
  }

  /** The top-level module the definition's layers are registered in. */
  private static final class Root extends Module {
    <L extends Layer> L add(String name, L layer) {
      return register(name, layer);
    }

    @Override
    protected Tensor forward(Tensor input) {
      throw new UnsupportedOperationException("A FunctionalModel is built from its definition, not applied");
    }
  }

  private FunctionalModel() {}

  /** The model's inference graph with freshly initialized parameters (the same seed, the same values). */
  public static ForwardModel build(long seed, Consumer<Definition> definition) {
    Root root = new Root();
    return ForwardModelAssembler.trace(root, seed, t -> definition.accept(new Definition(t, root)));
  }

  /** A table of the layers applied, with output shapes and parameters; shared layers count once. */
  public static String summary(Consumer<Definition> definition) {
    Root root = new Root();
    Tracer dry = Tracer.dry();
    dry.root(root, "", () -> {
      definition.accept(new Definition(dry, root));
      return null;
    });
    return ModelSummary.of(dry);
  }
}
