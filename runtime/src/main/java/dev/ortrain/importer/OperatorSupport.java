package dev.ortrain.importer;

import dev.ortrain.graph.DataType;
import dev.ortrain.graph.TensorType;
import dev.ortrain.gradients.GradientBuilder;
import dev.ortrain.gradients.GradientProblem;
import dev.ortrain.gradients.GradientRegistry;
import dev.ortrain.gradients.TrainingRewrite;
import dev.ortrain.onnx.proto.Onnx.GraphProto;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks, before any artifact is generated, that ortrain can handle every node of a forward graph: nodes
 * between a trainable parameter and the prediction need a gradient rule, and every node needs a type for
 * its outputs (a shape rule, or a type the model declares). Reports all problems at once.
 */
final class OperatorSupport {
  private OperatorSupport() {}

  /**
   * @param typed the graph with every value typed, or null when shape inference failed somewhere (then only
   *     missing gradient rules can be found, not what the rules make of each node)
   * @throws UnsupportedOperatorsException naming each unsupported operator with all nodes using it
   */
  static void check(String modelName, GraphProto graph, GraphProto typed, String prediction,
      ParameterSelection.Result params, ShapeInference shapes, GradientRegistry registry) {
    Map<String, List<String>> noShape = new TreeMap<>();
    List<String> shapeProblems = new ArrayList<>();
    for (NodeProto node : graph.getNodeList()) {
      String problem = shapes.failures().get(node.getName());
      if (problem == null) {
        continue;
      }
      if (ShapeInference.supports(node)) {
        shapeProblems.add(problem);
      } else {
        noShape.computeIfAbsent(key(node), k -> new ArrayList<>()).add(node.getName());
      }
    }
    Map<String, List<String>> noGradient = new TreeMap<>();
    List<String> ruleProblems = new ArrayList<>();
    if (typed != null && noShape.isEmpty() && shapeProblems.isEmpty()) {
      for (GradientProblem p : TrialDifferentiation.problems(typed, prediction, params, registry)) {
        if (p.noRule()) {
          noGradient.computeIfAbsent(p.operator(), k -> new ArrayList<>()).add(p.node());
        } else {
          ruleProblems.add(p.reason());
        }
      }
    } else {
      for (NodeProto node : nodesOnGradientPath(graph, prediction, params.trainable(), shapes)) {
        if (!registry.supports(node.getDomain(), node.getOpType()) && !TrainingRewrite.rewrites(node)) {
          noGradient.computeIfAbsent(key(node), k -> new ArrayList<>()).add(node.getName());
        }
      }
    }
    if (noGradient.isEmpty() && noShape.isEmpty() && shapeProblems.isEmpty() && ruleProblems.isEmpty()) {
      return;
    }
    throw new UnsupportedOperatorsException(
        message(modelName, noGradient, noShape, shapeProblems, ruleProblems, registry), merge(noGradient, noShape));
  }

  /** The nodes the backward pass goes through: fed by a trainable parameter, leading to the prediction. */
  static List<NodeProto> nodesOnGradientPath(GraphProto graph, String prediction, Collection<String> trainable,
      ShapeInference shapes) {
    Set<String> requiresGradient = new HashSet<>(trainable);
    for (NodeProto n : graph.getNodeList()) {
      if (carriesGradient(n) && n.getInputList().stream().anyMatch(requiresGradient::contains)) {
        for (String out : n.getOutputList()) {
          TensorType t = shapes.type(out);
          if (!out.isEmpty() && (t == null || t.dataType() == DataType.FLOAT || t.dataType() == DataType.DOUBLE
              || t.dataType() == DataType.FLOAT16 || t.dataType() == DataType.BFLOAT16)) {
            requiresGradient.add(out);
          }
        }
      }
    }
    Set<String> leadsToPrediction = new HashSet<>(Set.of(prediction));
    List<NodeProto> path = new ArrayList<>();
    List<NodeProto> nodes = graph.getNodeList();
    for (int i = nodes.size() - 1; i >= 0; i--) {
      NodeProto n = nodes.get(i);
      if (carriesGradient(n) && n.getOutputList().stream().anyMatch(leadsToPrediction::contains)
          && n.getInputList().stream().anyMatch(requiresGradient::contains)) {
        path.add(0, n);
        n.getInputList().stream().filter(requiresGradient::contains).forEach(leadsToPrediction::add);
      }
    }
    return path;
  }

  private static boolean carriesGradient(NodeProto n) {
    return !GradientBuilder.carriesNoGradient(n.getDomain(), n.getOpType());
  }

  static String key(NodeProto node) {
    return ShapeInference.isStandardDomain(node.getDomain()) ? node.getOpType()
        : node.getDomain() + "::" + node.getOpType();
  }

  private static Map<String, List<String>> merge(Map<String, List<String>> a, Map<String, List<String>> b) {
    Map<String, Set<String>> all = new TreeMap<>();
    a.forEach((k, v) -> all.computeIfAbsent(k, x -> new LinkedHashSet<>()).addAll(v));
    b.forEach((k, v) -> all.computeIfAbsent(k, x -> new LinkedHashSet<>()).addAll(v));
    Map<String, List<String>> lists = new TreeMap<>();
    all.forEach((k, v) -> lists.put(k, List.copyOf(v))); // a node may lack both a gradient and a shape rule
    return lists;
  }

  private static String message(String modelName, Map<String, List<String>> noGradient,
      Map<String, List<String>> noShape, List<String> shapeProblems, List<String> ruleProblems,
      GradientRegistry registry) {
    StringBuilder m = new StringBuilder("Cannot make ").append(modelName).append(" trainable.");
    Set<String> types = new TreeSet<>(noGradient.keySet());
    types.addAll(noShape.keySet());
    if (!types.isEmpty()) {
      m.append(" Unsupported operators (").append(types.size()).append("):");
      for (String op : types) {
        m.append("\n  ").append(op).append(": ");
        List<String> reasons = new ArrayList<>();
        List<String> nodes = new ArrayList<>();
        if (noGradient.containsKey(op)) {
          reasons.add("no gradient rule, and it lies between trainable parameters and the output");
          nodes.addAll(noGradient.get(op));
        }
        if (noShape.containsKey(op)) {
          reasons.add("no shape inference");
          noShape.get(op).stream().filter(n -> !nodes.contains(n)).forEach(nodes::add);
        }
        m.append(String.join("; ", reasons)).append(" (nodes ").append(quoted(nodes)).append(')');
      }
    }
    if (!shapeProblems.isEmpty()) {
      m.append("\nShape inference failed:");
      shapeProblems.forEach(p -> m.append("\n  ").append(p));
    }
    if (!ruleProblems.isEmpty()) {
      m.append("\nGradient rules that cannot handle these nodes (").append(ruleProblems.size()).append("):");
      ruleProblems.forEach(p -> m.append("\n  ").append(p));
    }
    Set<String> forwardOnly = new TreeSet<>(ShapeInference.supportedOperators());
    forwardOnly.removeIf(op -> registry.supports("", op) || TrainingRewrite.rewrites(op));
    m.append("\nOperators with a gradient rule: ").append(registry.supported());
    m.append("\nOperators supported forward only (no trainable parameter upstream): ").append(forwardOnly);
    m.append("\nFreeze the parameters upstream of a node without a gradient rule (freeze/freezePrefix),"
        + " re-export the model without the unsupported layers, or register a GradientRule for the operator.");
    return m.toString();
  }

  private static String quoted(List<String> names) {
    List<String> q = new ArrayList<>();
    names.forEach(n -> q.add("'" + n + "'"));
    return String.join(", ", q);
  }
}
