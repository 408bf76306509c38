package dev.ortrain.importer;

import dev.ortrain.artifacts.ForwardModel;
import dev.ortrain.gradients.GradientRegistry;
import dev.ortrain.graph.DataType;
import dev.ortrain.graph.OnnxModels;
import dev.ortrain.graph.TensorType;
import dev.ortrain.graph.Tensors;
import dev.ortrain.onnx.proto.Onnx.GraphProto;
import dev.ortrain.onnx.proto.Onnx.ModelProto;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import dev.ortrain.onnx.proto.Onnx.TensorProto;
import dev.ortrain.onnx.proto.Onnx.ValueInfoProto;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns a forward ONNX model exported by PyTorch ({@code torch.onnx.export}, opset 13 or later, weights
 * inline or in external data files) into a {@link ForwardModel} that {@code ArtifactBuilder} makes
 * trainable:
 *
 * <pre>{@code
 * ForwardModel model = OnnxModelImporter.load(Path.of("model.onnx"))
 *     .prediction("logits")        // only needed when the model has several outputs
 *     .freezePrefix("features.")   // optional: keep these parameters fixed
 *     .toForwardModel();
 * ArtifactBuilder.forModel(model).loss(CrossEntropyLoss.create()).build().writeTo(dir);
 * }</pre>
 *
 * <p>What it does: keeps only the nodes computing the prediction; inlines external data; picks the
 * parameters (see {@link ParameterSelection}); types every intermediate value (see {@link ShapeInference});
 * and fails fast, listing every operator it cannot train through or type.
 */
public final class OnnxModelImporter {
  /** Opset 13 moved Squeeze/Unsqueeze/ReduceSum axes to inputs and changed Softmax; older exports differ. */
  public static final int MIN_OPSET = 13;

  private final Path file;
  private final ModelProto model;
  private String prediction;
  private final List<String> freeze = new ArrayList<>();
  private final List<String> freezePrefixes = new ArrayList<>();
  private final List<String> alsoTrain = new ArrayList<>();
  private GradientRegistry gradients = GradientRegistry.standard();

  private OnnxModelImporter(Path file, ModelProto model) {
    this.file = file;
    this.model = model;
  }

  /** Reads an ONNX model file; external data files are looked up next to it. */
  public static OnnxModelImporter load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ModelImportException("ONNX model file not found: " + file.toAbsolutePath());
    }
    ModelProto model;
    try {
      model = OnnxModels.read(file);
    } catch (IllegalArgumentException | UncheckedIOException e) {
      throw new ModelImportException(file + " is not an ONNX model (" + e.getMessage() + "). Pass the .onnx file"
          + " written by torch.onnx.export or another ONNX exporter.", e);
    }
    if (model.getOpsetImportCount() == 0 || model.getGraph().getOutputCount() == 0) {
      throw new ModelImportException(file + " is not an ONNX model: it has no opset import or no graph output");
    }
    return new OnnxModelImporter(file, model);
  }

  /**
   * The value the loss is computed from: a graph output, or any value computed by a node (for example the
   * logits before an exported Softmax). Default: the single graph output.
   */
  public OnnxModelImporter prediction(String valueName) {
    this.prediction = Objects.requireNonNull(valueName, "valueName");
    return this;
  }

  /** Keeps these parameters at their exported values. */
  public OnnxModelImporter freeze(String... parameterNames) {
    freeze.addAll(List.of(parameterNames));
    return this;
  }

  /** Keeps every parameter whose name starts with one of the prefixes at its exported value. */
  public OnnxModelImporter freezePrefix(String... prefixes) {
    freezePrefixes.addAll(List.of(prefixes));
    return this;
  }

  /** Trains float initializers that the importer would keep constant (one-element tensors, e.g. a learned scale). */
  public OnnxModelImporter train(String... initializerNames) {
    alsoTrain.addAll(List.of(initializerNames));
    return this;
  }

  /** The gradient rules to check the model against; use the registry you will build artifacts with. */
  public OnnxModelImporter gradientRegistry(GradientRegistry registry) {
    this.gradients = Objects.requireNonNull(registry, "registry");
    return this;
  }

  /**
   * Builds the forward model.
   *
   * @throws UnsupportedOperatorsException listing every operator that blocks training, with its nodes
   * @throws ModelImportException for any other problem (opset, names, missing external data, ...)
   */
  public ForwardModel toForwardModel() {
    long opset = opset();
    GraphProto graph = withNodeNames(model.getGraph());
    String output = choosePrediction(graph);
    graph = inlineExternalData(GraphPruning.keepOnly(graph, output));
    graph = RemovedBiases.restore(FoldedTies.retie(MergedParameters.untie(graph).graph()));
    LossyExport.refuse(file.getFileName().toString(), graph);
    Map<String, TensorType> inputs = dataInputTypes(graph);
    ParameterSelection.Result params = ParameterSelection.select(graph, freeze, freezePrefixes, alsoTrain);
    ShapeInference shapes = ShapeInference.run(graph, opset, inputs, declaredTypes(graph));
    TensorType predictionType = shapes.type(output);
    if (predictionType != null && predictionType.dataType() != DataType.FLOAT) {
      throw new ModelImportException("The prediction '" + output + "' is " + predictionType
          + "; ortrain trains on float outputs. Choose another output with prediction(name).");
    }
    GraphProto typed = shapes.failures().isEmpty() ? typed(graph, output, shapes) : null;
    OperatorSupport.check(file.getFileName().toString(), graph, typed, output, params, shapes, gradients);
    ModelProto result = model.toBuilder().setGraph(typed).build();
    return new ForwardModel(result, output, params.trainable(), params.frozen());
  }

  private long opset() {
    long opset;
    try {
      opset = OnnxModels.onnxOpset(model);
    } catch (IllegalArgumentException e) {
      throw new ModelImportException(file + " imports no ai.onnx opset", e);
    }
    if (opset < MIN_OPSET) {
      throw new ModelImportException(file + " uses ai.onnx opset " + opset + "; ortrain needs " + MIN_OPSET
          + " or later. Re-export it with torch.onnx.export(..., opset_version=17).");
    }
    return opset;
  }

  /** Unnamed nodes get {@code OpType_index} so that every error can point at a node. */
  private static GraphProto withNodeNames(GraphProto graph) {
    GraphProto.Builder b = graph.toBuilder();
    Set<String> used = new HashSet<>();
    graph.getNodeList().forEach(n -> used.add(n.getName()));
    for (int i = 0; i < b.getNodeCount(); i++) {
      NodeProto n = b.getNode(i);
      if (n.getName().isEmpty()) {
        String name = n.getOpType() + "_" + i;
        while (!used.add(name)) {
          name = name + "_";
        }
        b.setNode(i, n.toBuilder().setName(name));
      }
    }
    return b.build();
  }

  private String choosePrediction(GraphProto graph) {
    List<String> outputs = graph.getOutputList().stream().map(ValueInfoProto::getName).toList();
    if (prediction == null) {
      if (outputs.size() != 1) {
        throw new ModelImportException(file + " has " + outputs.size() + " outputs " + outputs
            + "; choose the one the loss is computed from with prediction(name)");
      }
      return outputs.get(0);
    }
    boolean computed = graph.getNodeList().stream().anyMatch(n -> n.getOutputList().contains(prediction));
    if (!computed) {
      throw new ModelImportException("prediction('" + prediction + "'): no node of " + file
          + " computes such a value; the model's outputs are " + outputs);
    }
    return prediction;
  }

  private GraphProto inlineExternalData(GraphProto graph) {
    Path dir = file.toAbsolutePath().getParent();
    GraphProto.Builder b = graph.toBuilder();
    for (int i = 0; i < b.getInitializerCount(); i++) {
      TensorProto t = b.getInitializer(i);
      if (t.getDataLocation() != TensorProto.DataLocation.EXTERNAL) {
        continue;
      }
      try {
        b.setInitializer(i, Tensors.inline(t, dir));
      } catch (IllegalArgumentException | UncheckedIOException e) {
        throw new ModelImportException("Initializer '" + t.getName() + "' keeps its data in an external file that"
            + " cannot be read (" + e.getMessage() + "). Keep the data files next to " + file.getFileName()
            + " under the names the model refers to.", e);
      }
    }
    return b.build();
  }

  private Map<String, TensorType> dataInputTypes(GraphProto graph) {
    Map<String, TensorType> types = new LinkedHashMap<>();
    for (ValueInfoProto v : graph.getInputList()) {
      TensorType t = v.hasType() ? TensorType.fromProto(v.getType()) : null;
      if (t == null) {
        throw new ModelImportException("Input '" + v.getName() + "' of " + file + " declares no tensor shape;"
            + " export the model with example inputs so that every input has one");
      }
      types.put(v.getName(), t);
    }
    return types;
  }

  private static Map<String, TensorType> declaredTypes(GraphProto graph) {
    Map<String, TensorType> declared = new LinkedHashMap<>();
    List<ValueInfoProto> infos = new ArrayList<>(graph.getValueInfoList());
    infos.addAll(graph.getOutputList());
    for (ValueInfoProto v : infos) {
      TensorType t = v.hasType() ? TensorType.fromProto(v.getType()) : null;
      if (t != null) {
        declared.put(v.getName(), t);
      }
    }
    return declared;
  }

  /** The graph with the prediction as its only output and a declared type for every intermediate value. */
  private static GraphProto typed(GraphProto graph, String output, ShapeInference shapes) {
    GraphProto.Builder b = graph.toBuilder().clearOutput().clearValueInfo();
    b.addOutput(shapes.type(output).valueInfo(output));
    for (NodeProto n : graph.getNodeList()) {
      for (String out : n.getOutputList()) {
        TensorType t = out.isEmpty() || out.equals(output) ? null : shapes.type(out);
        if (t != null) {
          b.addValueInfo(t.valueInfo(out));
        }
      }
    }
    return b.build();
  }
}
