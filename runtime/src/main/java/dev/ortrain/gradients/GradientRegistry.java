package dev.ortrain.gradients;

import dev.ortrain.graph.Domains;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Gradient rules by operator ({@code domain::op_type}; the standard domain is written without prefix). */
public final class GradientRegistry {
  private final Map<String, GradientRule> rules = new TreeMap<>();

  /** A registry with every rule ortrain ships. */
  public static GradientRegistry standard() {
    GradientRegistry r = new GradientRegistry();
    LinearAlgebraGradients.register(r);
    ElementwiseGradients.register(r);
    ActivationGradients.register(r);
    ShapeGradients.register(r);
    ReductionGradients.register(r);
    ConvolutionGradients.register(r);
    NormalizationGradients.register(r);
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
