package dev.ortrain.gradients;

import dev.ortrain.graph.DataType;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.NodeGroup;
import dev.ortrain.graph.TensorType;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reverse-mode differentiation of an ONNX graph: appends to the graph the nodes that compute the gradient
 * of a scalar loss with respect to chosen values (the trainable parameters), one {@link GradientRule} per
 * forward operator, visiting nodes in reverse order.
 *
 * <p>Only what is needed is emitted: nodes with no trainable parameter upstream or no path to the loss are
 * skipped, and inputs that need no gradient get none ({@code ""} outputs). Where a value feeds several
 * nodes, the contributions are summed. The gradient of parameter {@code P} is the value {@code P_grad}.
 * A {@link NodeGroup} of the graph is differentiated as one node, by the rule of its operator.
 */
public final class GradientBuilder {
  /** Operators whose outputs carry no gradient (integer or shape computations). */
  private static final Set<String> NON_DIFFERENTIABLE =
      Set.of("Shape", "Size", "ArgMax", "ArgMin", "Equal", "Greater", "Less", "GreaterOrEqual", "LessOrEqual",
          "Not", "And", "Or", "NonZero", "ConstantOfShape", "Constant", "RandomUniformLike", "RandomNormalLike",
          "EyeLike", "Range", "Floor", "Ceil", "Round", "Sign");

  private final GraphBuilder graph;
  private final GradientRegistry registry;
  private final Set<String> requiresGradient = new HashSet<>();
  private final Map<String, List<String>> contributions = new HashMap<>();
  /** Contributions leftᵀ·right not yet computed, see {@link #addProduct}. */
  private final Map<String, List<Product>> products = new HashMap<>();
  private final Map<String, String> summed = new HashMap<>();
  private final Map<String, Integer> pendingConsumers = new HashMap<>();
  private final Set<String> parameters = new HashSet<>();
  /** Where problems go when checking instead of building; null when building (the first problem throws). */
  private final List<GradientProblem> problems;

  private GradientBuilder(GraphBuilder graph, GradientRegistry registry, List<GradientProblem> problems) {
    this.graph = graph;
    this.registry = registry;
    this.problems = problems;
  }

  /**
   * Appends the backward pass to {@code graph}.
   *
   * @param loss the scalar value to differentiate
   * @param lossGradient the value holding d(objective)/d(loss), usually a constant 1 or a loss scale input
   * @param wrt the values to differentiate with respect to, in the order wanted in the result
   * @return for each value in {@code wrt}, the name of its gradient ({@code name + "_grad"})
   * @throws UnsupportedOperationException listing every operator on the path without a gradient rule
   */
  public static Map<String, String> differentiate(GraphBuilder graph, GradientRegistry registry, String loss,
      String lossGradient, Collection<String> wrt) {
    return new GradientBuilder(graph, registry, null).run(loss, lossGradient, wrt);
  }

  /**
   * Differentiates {@code graph} as {@link #differentiate} does, but instead of stopping at the first
   * operator it cannot differentiate, goes on and returns every such problem (an empty list when the graph
   * is trainable). The graph is left with whatever backward nodes could be emitted: pass a copy.
   */
  public static List<GradientProblem> problems(GraphBuilder graph, GradientRegistry registry, String loss,
      String lossGradient, Collection<String> wrt) {
    List<GradientProblem> found = new ArrayList<>();
    new GradientBuilder(graph, registry, found).run(loss, lossGradient, wrt);
    return found;
  }

  /** Whether a node's outputs carry no gradient (integer, comparison, shape or random-source operators). */
  public static boolean carriesNoGradient(String domain, String opType) {
    return (domain.isEmpty() || domain.equals("ai.onnx")) && NON_DIFFERENTIABLE.contains(opType);
  }

  GraphBuilder graph() {
    return graph;
  }

  private Map<String, String> run(String loss, String lossGradient, Collection<String> wrt) {
    List<NodeProto> forward = withGroupsCollapsed(graph.nodes(), graph.groups());
    parameters.addAll(wrt);
    requiresGradient.addAll(wrt);
    for (NodeProto n : forward) {
      if (carriesNoGradient(n.getDomain(), n.getOpType())) {
        continue;
      }
      if (n.getInputList().stream().anyMatch(requiresGradient::contains)) {
        for (String out : n.getOutputList()) {
          TensorType t = graph.typeOf(out);
          if (!out.isEmpty() && (t == null || isFloating(t.dataType()))) {
            requiresGradient.add(out);
          }
        }
      }
    }
    if (!requiresGradient.contains(loss)) {
      throw new IllegalArgumentException("The loss '" + loss + "' does not depend on any trainable parameter");
    }
    Set<String> leadsToLoss = new HashSet<>(Set.of(loss));
    List<NodeProto> relevant = new ArrayList<>();
    for (int i = forward.size() - 1; i >= 0; i--) {
      NodeProto n = forward.get(i);
      boolean reaches = n.getOutputList().stream().anyMatch(leadsToLoss::contains);
      boolean differentiable = n.getInputList().stream().anyMatch(requiresGradient::contains)
          && !carriesNoGradient(n.getDomain(), n.getOpType());
      if (reaches && differentiable) {
        relevant.add(n);
        n.getInputList().stream().filter(requiresGradient::contains).forEach(leadsToLoss::add);
      }
    }
    Set<String> missing = new TreeSet<>();
    for (NodeProto n : relevant) {
      if (registry.find(n) == null) {
        missing.add(GradientRegistry.key(n) + " (node '" + n.getName() + "')");
        if (problems != null) {
          problems.add(GradientProblem.noRule(n));
        }
      }
      for (String in : n.getInputList()) {
        if (requiresGradient.contains(in)) {
          pendingConsumers.merge(in, 1, Integer::sum);
        }
      }
    }
    if (!missing.isEmpty() && problems == null) {
      throw new UnsupportedOperationException(
          "No gradient is available for " + missing.size() + " operator(s) between the parameters and the loss: "
              + String.join(", ", missing) + ". Supported operators: " + registry.supported());
    }
    contributions.put(loss, new ArrayList<>(List.of(lossGradient)));
    for (NodeProto n : relevant) {
      if (n.getOutputList().stream().noneMatch(o -> gradientOf(o) != null)) {
        continue; // no gradient reaches any output
      }
      GradientRule rule = registry.find(n);
      if (rule == null) {
        standInGradients(n); // reported above; the check goes on upstream
        continue;
      }
      if (problems == null) {
        rule.backward(new BackwardContext(this, n));
        continue;
      }
      try {
        rule.backward(new BackwardContext(this, n));
      } catch (RuntimeException e) {
        problems.add(GradientProblem.ruleFailed(n, e));
        standInGradients(n);
      }
    }
    if (problems != null) {
      return Map.of(); // a check: the gradients of a graph with problems are not wanted
    }
    Map<String, String> result = new LinkedHashMap<>();
    for (String p : wrt) {
      String g = gradientOf(p);
      String wanted = p + "_grad";
      if (g == null) {
        // The parameter does not influence the loss: its gradient is zero.
        TensorType t = graph.typeOf(p);
        String zero = graph.scalar(p + "_zero", 0f);
        g = graph.node("Expand").inputs(zero, graph.int64s(p + "_shape", t.shape().resolve(1))).outputs(wanted).get(0);
      } else if (!g.equals(wanted)) {
        graph.node("Identity").inputs(g).outputs(wanted);
      }
      result.put(p, wanted);
    }
    return result;
  }

  /**
   * The nodes in order, each group's members replaced by the group's node where its last member stood (its
   * inputs are computed before its first member, its outputs read after its last).
   */
  private static List<NodeProto> withGroupsCollapsed(List<NodeProto> nodes, List<NodeGroup> groups) {
    if (groups.isEmpty()) {
      return List.copyOf(nodes);
    }
    NodeGroup[] groupAt = new NodeGroup[nodes.size()];
    Map<NodeGroup, Integer> lastMember = new HashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      groupAt[i] = groupOf(nodes.get(i), groups);
      if (groupAt[i] != null) {
        lastMember.put(groupAt[i], i);
      }
    }
    List<NodeProto> collapsed = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      NodeGroup group = groupAt[i];
      if (group == null) {
        collapsed.add(nodes.get(i));
      } else if (lastMember.get(group) == i) {
        collapsed.add(group.node());
      }
    }
    return collapsed;
  }

  private static NodeGroup groupOf(NodeProto n, List<NodeGroup> groups) {
    for (NodeGroup g : groups) {
      if (g.contains(n)) {
        return g;
      }
    }
    return null;
  }

  /** Zero gradients for the inputs of a node whose rule failed, so that the check goes on upstream of it. */
  private void standInGradients(NodeProto n) {
    for (String in : n.getInputList()) {
      if (requiresGradient.contains(in)) {
        String shape = graph.node("Shape").inputs(in).output(in + "_stand_in_shape");
        addGradient(in, graph.node("ConstantOfShape").inputs(shape).output(in + "_stand_in_grad"));
      }
    }
  }

  private static boolean isFloating(DataType t) {
    return t == DataType.FLOAT || t == DataType.DOUBLE || t == DataType.FLOAT16 || t == DataType.BFLOAT16;
  }

  boolean requiresGradient(String value) {
    return requiresGradient.contains(value);
  }

  /** Name for a gradient of {@code value}; parameters consumed once get {@code P_grad} directly. */
  String gradientName(String value) {
    if (parameters.contains(value) && pendingConsumers.getOrDefault(value, 0) == 1) {
      return graph.freshName(value + "_grad");
    }
    return graph.freshName(value + "_grad_part");
  }

  /** A gradient contribution leftᵀ·right of two matrices with the same rows, kept unevaluated. */
  record Product(String left, String right) {}

  /**
   * Adds leftᵀ·right to the gradient of {@code value}. Contributions of this form (a weight shared by the
   * steps of an unrolled recurrence gets one per step) are summed as one product of their operands stacked
   * by rows: Σ Lᵢᵀ·Rᵢ = [L₁; L₂; …]ᵀ·[R₁; R₂; …], one large Gemm instead of many small ones and their Sum.
   */
  void addProduct(String value, Product product) {
    if (pendingConsumers.getOrDefault(value, 0) <= 1) {
      // The only contribution: computed now, so that dY need not live until the value's gradient is read
      // (a parameter's is read after the whole backward pass).
      addGradient(value, stackedProduct(value, List.of(product), gradientName(value)));
      return;
    }
    products.computeIfAbsent(value, k -> new ArrayList<>()).add(product);
    summed.remove(value);
  }

  void addGradient(String value, String gradient) {
    contributions.computeIfAbsent(value, k -> new ArrayList<>()).add(gradient);
    summed.remove(value);
  }

  /** The total gradient of a value, summing contributions on first use; null when there is none. */
  String gradientOf(String value) {
    String done = summed.get(value);
    if (done != null) {
      return done;
    }
    List<String> parts = contributions.computeIfAbsent(value, k -> new ArrayList<>());
    List<Product> pending = products.remove(value);
    if (pending != null) {
      parts.add(stackedProduct(value, pending,
          graph.freshName(value + (parts.isEmpty() ? "_grad" : "_grad_part"))));
    }
    if (parts.isEmpty()) {
      return null;
    }
    String total;
    if (parts.size() == 1) {
      total = parts.get(0);
    } else {
      total = graph.node("Sum").inputs(parts.toArray(String[]::new)).outputs(graph.freshName(value + "_grad")).get(0);
    }
    TensorType t = graph.typeOf(value);
    if (t != null && graph.typeOf(total) == null) {
      graph.valueType(total, t);
    }
    contributions.put(value, new ArrayList<>(List.of(total)));
    summed.put(value, total);
    return total;
  }

  /** Σ Lᵢᵀ·Rᵢ as one Gemm of the operands concatenated by rows (no Concat for a single product). */
  private String stackedProduct(String value, List<Product> pending, String name) {
    String left = stacked(value + "_grad_left", pending.stream().map(Product::left).toArray(String[]::new));
    String right = stacked(value + "_grad_right", pending.stream().map(Product::right).toArray(String[]::new));
    return graph.node("Gemm").inputs(left, right).attr("transA", 1L).outputs(name).get(0);
  }

  private String stacked(String hint, String[] matrices) {
    return matrices.length == 1 ? matrices[0]
        : graph.node("Concat").inputs(matrices).attr("axis", 0L).output(hint);
  }
}
