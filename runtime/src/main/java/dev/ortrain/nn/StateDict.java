package dev.ortrain.nn;

import dev.ortrain.artifacts.ForwardModel;
import dev.ortrain.graph.DataType;
import dev.ortrain.graph.Tensors;
import dev.ortrain.onnx.proto.Onnx.ModelProto;
import dev.ortrain.onnx.proto.Onnx.TensorProto;
import dev.ortrain.rules.Suggestions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Parameter values by name, as PyTorch's {@code state_dict()}: loaded into a model written in Java whose
 * parameters carry the same names ({@code layer1.conv1.weight}), it starts from PyTorch's weights.
 */
public final class StateDict {
  private final Map<String, float[]> values;

  private StateDict(Map<String, float[]> values) {
    this.values = values;
  }

  /** The values as given, row-major, each under its parameter's full name. */
  public static StateDict of(Map<String, float[]> values) {
    Map<String, float[]> copy = new LinkedHashMap<>();
    values.forEach((name, v) -> copy.put(name, v.clone()));
    return new StateDict(copy);
  }

  /**
   * The float initializers of an ONNX model, such as PyTorch's {@code torch.onnx.export} of the same model
   * with {@code do_constant_folding=False} (which keeps each parameter under its PyTorch name).
   */
  public static StateDict fromOnnx(Path model) {
    try {
      ModelProto proto = ModelProto.parseFrom(Files.readAllBytes(model));
      Map<String, float[]> values = new LinkedHashMap<>();
      for (TensorProto t : proto.getGraph().getInitializerList()) {
        if (t.getDataType() == DataType.FLOAT.onnxCode()) {
          values.put(t.getName(), Tensors.toFloats(Tensors.inline(t, model.toAbsolutePath().getParent())));
        }
      }
      return new StateDict(values);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the ONNX model " + model, e);
    }
  }

  public Set<String> names() {
    return new TreeSet<>(values.keySet());
  }

  /**
   * The model with every parameter's values replaced by the one of the same name. Strict, as PyTorch's
   * {@code load_state_dict}: a parameter without a value, a value without a parameter or a size that
   * differs fails, listing every such name.
   */
  public ForwardModel loadInto(ForwardModel model) {
    ModelProto.Builder b = model.model().toBuilder();
    var graph = b.getGraphBuilder();
    List<String> problems = new ArrayList<>();
    Set<String> unused = new TreeSet<>(values.keySet());
    for (int i = 0; i < graph.getInitializerCount(); i++) {
      TensorProto t = graph.getInitializer(i);
      if (!model.parameters().contains(t.getName())) {
        continue; // a constant of the graph, such as a dropout ratio
      }
      float[] v = values.get(t.getName());
      unused.remove(t.getName());
      if (v == null) {
        problems.add("no value for '" + t.getName() + "'" + Suggestions.closest(t.getName(), values.keySet())
            .map(n -> " (the values have '" + n + "')").orElse(""));
      } else if (v.length != Tensors.elementCount(t)) {
        problems.add("'" + t.getName() + "' has " + Tensors.elementCount(t) + " elements "
            + java.util.Arrays.toString(Tensors.dims(t)) + " but its value has " + v.length);
      } else {
        graph.setInitializer(i, Tensors.floats(t.getName(), Tensors.dims(t), v));
      }
    }
    for (String name : unused) {
      problems.add("'" + name + "' is no parameter of the model" + Suggestions.closest(name, model.parameters())
          .map(n -> " (it has '" + n + "')").orElse(""));
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("Cannot load the weights: " + String.join("; ", problems)
          + ". Name each layer as in the model the weights come from (register(\"conv1\", ...)).");
    }
    return new ForwardModel(b.build(), model.prediction(), model.trainable(), model.frozen());
  }
}
