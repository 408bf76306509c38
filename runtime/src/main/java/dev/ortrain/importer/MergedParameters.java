package dev.ortrain.importer;

import dev.ortrain.graph.DataType;
import dev.ortrain.onnx.proto.Onnx.GraphProto;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import dev.ortrain.onnx.proto.Onnx.TensorProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Separates the parameters PyTorch's exporters merged because their values were equal, while parameters
 * the model really ties stay one.
 *
 * <p>Both exporters first merge initializers that are the same tensor (a tie: an output layer sharing the
 * embedding's matrix): the graph then reads one initializer from every consumer, and ortrain trains it as
 * one parameter, as PyTorch does. In eval mode they also merge initializers that merely hold equal values
 * (all LayerNorm scales are ones; {@code nn.TransformerEncoder} clones its layers), which training must not
 * do:
 *
 * <ul>
 *   <li>the TorchScript exporter ({@code dynamo=False}) keeps the duplicate's name as the output of an
 *       {@code Identity} of the kept initializer: each such Identity becomes an initializer of its own again,
 *       with the same values;
 *   <li>the dynamo exporter rewires the duplicate's consumers to the kept initializer, but each node's
 *       {@code pkg.torch.onnx.fx_node} metadata still names the parameter the node read in PyTorch
 *       ({@code %p_encoder_layers_1_norm1_weight}): a consumer that names a parameter the graph lost gets its
 *       own copy under that parameter's name, rebuilt from the node's module path.
 * </ul>
 */
final class MergedParameters {

  /** What was separated: each new parameter and the initializer it was merged into. */
  record Result(GraphProto graph, Map<String, String> untied) {}

  private MergedParameters() {}

  static Result untie(GraphProto graph) {
    Map<String, String> untied = new LinkedHashMap<>();
    GraphProto g = untieIdentities(graph, untied);
    g = untieDynamoConsumers(g, untied);
    return new Result(g, untied);
  }

  private static GraphProto untieIdentities(GraphProto graph, Map<String, String> untied) {
    Map<String, TensorProto> floats = floatInitializers(graph);
    Set<String> outputs = new HashSet<>();
    graph.getOutputList().forEach(v -> outputs.add(v.getName()));
    GraphProto.Builder b = graph.toBuilder().clearNode();
    for (NodeProto n : graph.getNodeList()) {
      TensorProto source = n.getOpType().equals("Identity") && n.getInputCount() == 1
          ? floats.get(n.getInput(0)) : null;
      if (source == null || outputs.contains(n.getOutput(0)) || floats.containsKey(n.getOutput(0))) {
        b.addNode(n);
        continue;
      }
      b.addInitializer(source.toBuilder().setName(n.getOutput(0)));
      untied.put(n.getOutput(0), source.getName());
    }
    return b.build();
  }

  /**
   * An initializer whose consumers read different PyTorch parameters (by their fx metadata) was merged:
   * the first parameter keeps it, each other one gets a copy, under its own name where the node's module
   * path gives it back (else the initializer's name with a suffix, as for a constant the exporter computed).
   */
  private static GraphProto untieDynamoConsumers(GraphProto graph, Map<String, String> untied) {
    Map<String, TensorProto> floats = floatInitializers(graph);
    Set<String> present = new HashSet<>();
    floats.keySet().forEach(name -> present.add(ExporterMetadata.sanitize(name)));
    GraphProto.Builder b = graph.toBuilder();
    Map<String, String> firstClaim = new HashMap<>();
    Map<String, String> copies = new HashMap<>(); // initializer + claim → copy's name
    Map<String, TensorProto> added = new LinkedHashMap<>();
    Set<String> names = new HashSet<>(floats.keySet());
    for (int i = 0; i < b.getNodeCount(); i++) {
      NodeProto n = b.getNode(i);
      if (ExporterMetadata.of(n, ExporterMetadata.FX_NODE).isEmpty()) {
        continue;
      }
      List<String> read = ExporterMetadata.parametersRead(n);
      List<String> lost = read.stream().filter(p -> !present.contains(p)).toList();
      NodeProto.Builder nb = n.toBuilder();
      for (int slot = 0; slot < n.getInputCount(); slot++) {
        TensorProto source = floats.get(n.getInput(slot));
        if (source == null) {
          continue;
        }
        boolean own = read.contains(ExporterMetadata.sanitize(source.getName()));
        if (!own && lost.isEmpty()) {
          continue; // the node names no parameter it lost: nothing tells what it read
        }
        String named = own ? source.getName() : originalName(lost, source.getName(),
            ExporterMetadata.of(n, ExporterMetadata.NAME_SCOPES));
        String claim = named != null ? named : String.join("|", lost);
        String first = firstClaim.putIfAbsent(source.getName(), claim);
        if (first == null || first.equals(claim)) {
          continue; // the first reader keeps the initializer; a later reader of the same parameter is a tie
        }
        String copy = copies.computeIfAbsent(source.getName() + "\n" + claim, k -> {
          String name = named != null && !own && names.add(named) ? named : fresh(source.getName(), names);
          added.put(name, source.toBuilder().setName(name).build());
          return name;
        });
        nb.setInput(slot, copy);
        untied.put(copy, source.getName());
      }
      b.setNode(i, nb);
    }
    added.values().forEach(b::addInitializer);
    return b.build();
  }

  private static String fresh(String base, Set<String> names) {
    int k = 1;
    while (!names.add(base + ".untied" + k)) {
      k++;
    }
    return base + ".untied" + k;
  }

  /**
   * The dotted name of the lost parameter that the kept initializer stands for in this node: among the lost
   * placeholders ending with its leaf name ("weight", "bias"), the one spelled most like the kept
   * initializer's placeholder, whose dots it takes ({@code encoder.layers.0.norm1.weight} and
   * {@code encoder_layers_1_norm1_weight} give {@code encoder.layers.1.norm1.weight}); else the node's
   * module path and the leaf; null when neither decides.
   */
  private static String originalName(List<String> lost, String kept, String scopes) {
    String leaf = leaf(kept);
    String sanitizedKept = ExporterMetadata.sanitize(kept);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    boolean tie = false;
    for (String placeholder : lost) {
      if (!placeholder.endsWith("_" + ExporterMetadata.sanitize(leaf)) || placeholder.length() != sanitizedKept.length()) {
        continue;
      }
      int distance = 0;
      for (int i = 0; i < placeholder.length(); i++) {
        distance += placeholder.charAt(i) == sanitizedKept.charAt(i) ? 0 : 1;
      }
      if (distance < bestDistance) {
        best = placeholder;
        bestDistance = distance;
        tie = false;
      } else if (distance == bestDistance) {
        tie = true;
      }
    }
    if (best != null && !tie) {
      StringBuilder name = new StringBuilder();
      for (int i = 0; i < best.length(); i++) {
        name.append(best.charAt(i) == sanitizedKept.charAt(i) ? kept.charAt(i) : best.charAt(i));
      }
      return name.toString();
    }
    String module = innermostModule(scopes);
    if (module != null && lost.contains(ExporterMetadata.sanitize(module) + "_" + ExporterMetadata.sanitize(leaf))) {
      return module + "." + leaf;
    }
    return null;
  }

  /** The last module path of ['', 'encoder', 'encoder.layers.1', 'encoder.layers.1.norm1', 'layer_norm_2']. */
  private static String innermostModule(String scopes) {
    if (scopes.isEmpty()) {
      return null;
    }
    String module = null;
    Matcher m = Pattern.compile("'([^']*)'").matcher(scopes);
    List<String> all = new ArrayList<>();
    while (m.find()) {
      all.add(m.group(1));
    }
    for (int i = 0; i + 1 < all.size(); i++) { // the last scope is the operation itself
      if (!all.get(i).isEmpty()) {
        module = all.get(i);
      }
    }
    return module;
  }

  private static String leaf(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? name : name.substring(dot + 1);
  }

  private static Map<String, TensorProto> floatInitializers(GraphProto graph) {
    Map<String, TensorProto> floats = new LinkedHashMap<>();
    for (TensorProto t : graph.getInitializerList()) {
      if (t.getDataType() == DataType.FLOAT.onnxCode()) {
        floats.put(t.getName(), t);
      }
    }
    return floats;
  }
}
