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

/** Turns a layer tree into a {@link ForwardModel}: input, initialized parameters, nodes and output. */
final class ForwardModelAssembler {
  /** The model's data input. */
  static final String INPUT = "input";
  /** The model's prediction. */
  static final String OUTPUT = "output";

  private ForwardModelAssembler() {}

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
      graph.initializer(Tensors.floats(p.name(), p.shape().resolve(0), initialValues(p, seed)));
      (p.trainable() && !model.isFrozen() ? trainable : frozen).add(p.name());
    }
    model.emit(new LayerContext(graph, "", INPUT, input, OUTPUT, output));
    graph.output(OUTPUT, TensorType.floats(output));
    return new ForwardModel(OnnxModels.model(graph.build(), Map.of()), OUTPUT, trainable, frozen);
  }

  private static float[] initialValues(ParameterSpec p, long seed) {
    long count = p.elementCount();
    if (count > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("Parameter '" + p.name() + "' " + p.shape() + " has " + count
          + " elements; ortrain stores a parameter in one Java array, which holds at most 2^31 - 1");
    }
    try {
      return p.init().sample((int) count, p.fan(), ParameterRandom.forParameter(seed, p.name()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Cannot initialize '" + p.name() + "' with " + p.init() + ": "
          + e.getMessage(), e);
    }
  }
}
