package dev.ortrain.gradients;

import dev.ortrain.graph.Domains;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Gradient rules by operator ({@code domain::op_type}; the standard domain is written without prefix). */
public final class GradientRegistry {
  private final Map<String, GradientRule> rules = new TreeMap<>();
  private GradientFormulation formulation = GradientFormulation.defaults();

  /** A registry with every rule ortrain ships, in the {@link GradientFormulation#defaults() default} form. */
  public static GradientRegistry standard() {
    return standard(GradientFormulation.defaults());
  }

  /** A registry with every rule ortrain ships; convolution, max pooling and recurrent layers in the given form. */
  public static GradientRegistry standard(GradientFormulation formulation) {
    GradientRegistry r = new GradientRegistry();
    r.formulation = java.util.Objects.requireNonNull(formulation, "formulation");
    LinearAlgebraGradients.register(r);
    ElementwiseGradients.register(r);
    ActivationGradients.register(r);
    ShapeGradients.register(r);
    IndexingGradients.register(r);
    ReductionGradients.register(r);
    ConvolutionGradients.register(r, formulation);
    ResamplingGradients.register(r);
    NormalizationGradients.register(r);
    RecurrentGradients.register(r);
    LossGradients.register(r);
    return r;
  }

  public GradientRegistry register(String opType, GradientRule rule) {
    return register(Domains.ONNX, opType, rule);
  }

  public GradientRegistry register(String domain, String opType, GradientRule rule) {
    rules.put(key(domain, opType), rule);
    return this;
  }

  /** The formulation the standard rules were registered with. */
  public GradientFormulation formulation() {
    return formulation;
  }

  /**
   * Whether the training rewrite must add the Indices output to this MaxPool node: yes unless the
   * registered MaxPool rule is the value-mask one and it covers the node (else it falls back to
   * MaxPoolGrad, which needs them).
   */
  public boolean needsMaxPoolIndices(NodeProto node, GraphBuilder graph) {
    return find(node) != MaxPoolGradients.VALUE_MASK
        || !MaxPoolGradients.valueMaskApplies(node, graph.typeOf(node.getInput(0)));
  }

  public GradientRule find(NodeProto node) {
    return rules.get(key(node));
  }

  public boolean supports(String domain, String opType) {
    return rules.containsKey(key(domain, opType));
  }

  /** The operators with a rule, sorted. */
  public Set<String> supported() {
    return rules.keySet();
  }

  static String key(NodeProto node) {
    return key(node.getDomain(), node.getOpType());
  }

  static String key(String domain, String opType) {
    return domain.isEmpty() || domain.equals("ai.onnx") ? opType : domain + "::" + opType;
  }
}
