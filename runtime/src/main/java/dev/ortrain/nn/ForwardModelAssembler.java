package dev.ortrain.nn;

import dev.ortrain.artifacts.ForwardModel;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.OnnxModels;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.graph.Tensors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Turns a layer tree into a {@link ForwardModel}: input, initialized parameters, nodes and output. */
final class ForwardModelAssembler {
  /** The model's data input. */
  static final String INPUT = "input";
  /** The model's prediction. */
  static final String OUTPUT = "output";

  private ForwardModelAssembler() {}

  /**
   * A model traced from {@code root}: {@code definition} declares the inputs, applies the layers and names the
   * outputs; the first output is the prediction.
   */
  static ForwardModel trace(Module root, long seed, Consumer<Tracer> definition) {
    GraphBuilder graph = new GraphBuilder("model");
    Tracer tracer = Tracer.building(graph, seed);
    tracer.root(root, "", () -> {
      definition.accept(tracer);
      return null;
    });
    if (tracer.outputs().isEmpty()) {
      throw new IllegalArgumentException("The model has no output; name its prediction with output(name, tensor)");
    }
    List<String> trainable = new ArrayList<>();
    List<String> frozen = new ArrayList<>();
    for (ParameterSpec p : tracer.parameters()) {
      (p.trainable() ? trainable : frozen).add(p.name());
    }
    return new ForwardModel(OnnxModels.model(graph.build(), Map.of()), tracer.outputs().get(0), trainable, frozen);
  }

  static ForwardModel assemble(Sequential model, Shape input, long seed) {
    if (input.rank() < 1) {
      throw new IllegalArgumentException("The model input needs at least a batch dimension, got " + input);
    }
    Shape output = model.outputShape(input); // fails first, with the failing layer's position
    GraphBuilder graph = new GraphBuilder("model");
    graph.input(INPUT, TensorType.floats(input));
    List<String> trainable = new ArrayList<>();
    List<String> frozen = new ArrayList<>();
    for (ParameterSpec p : model.parameters(input)) {
      graph.initializer(Tensors.floats(p.name(), p.shape().resolve(0), ParameterValues.initial(p, seed)));
      (p.trainable() && !model.isFrozen() ? trainable : frozen).add(p.name());
    }
    model.emit(new LayerContext(graph, "", INPUT, input, OUTPUT, output));
    graph.output(OUTPUT, TensorType.floats(output));
    return new ForwardModel(OnnxModels.model(graph.build(), Map.of()), OUTPUT, trainable, frozen);
  }
}
