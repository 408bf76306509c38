package dev.ortrain.importer;

import dev.ortrain.graph.DataType;
import dev.ortrain.graph.TensorType;
import dev.ortrain.graph.Tensors;
import dev.ortrain.onnx.proto.Onnx.GraphProto;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import dev.ortrain.onnx.proto.Onnx.TensorProto;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Types every value of a forward graph from its inputs, initializers and the operators' semantics, keeping
 * symbolic dimensions (the batch) symbolic. Exported models often carry no {@code value_info} for
 * intermediates, and the gradient builder needs the type of every value it touches.
 *
 * <p>Where no rule exists (or a rule cannot decide), the model's own declared type is used; nodes left
 * without types are reported, not fatal here: the caller decides whether they matter.
 */
final class ShapeInference {
  private static final Map<String, ShapeRule> RULES = rules();

  private final TypeTable table = new TypeTable();
  private final Map<String, String> failures = new LinkedHashMap<>();

  private ShapeInference() {}

  private static Map<String, ShapeRule> rules() {
    Map<String, ShapeRule> r = new TreeMap<>();
    ElementwiseShapes.register(r);
    LinearShapes.register(r);
    ConvolutionShapes.register(r);
    ResamplingShapes.register(r);
    ReshapingShapes.register(r);
    ReductionShapes.register(r);
    NormalizationShapes.register(r);
    IndexingShapes.register(r);
    RecurrentShapes.register(r);
    return Collections.unmodifiableMap(r);
  }

  /** The standard-domain operators with a shape rule, sorted. */
  static Set<String> supportedOperators() {
    return RULES.keySet();
  }

  static boolean supports(NodeProto node) {
    return isStandardDomain(node.getDomain()) && RULES.containsKey(node.getOpType());
  }

  static boolean isStandardDomain(String domain) {
    return domain.isEmpty() || domain.equals("ai.onnx");
  }

  /**
   * Infers types for every node output.
   *
   * @param inputs the types of the graph's data inputs
   * @param declared types the model declares (value_info, outputs), used where inference has no answer and
   *     checked against it where it has one
   */
  static ShapeInference run(GraphProto graph, long opset, Map<String, TensorType> inputs,
      Map<String, TensorType> declared) {
    ShapeInference s = new ShapeInference();
    inputs.forEach(s.table::put);
    for (TensorProto t : graph.getInitializerList()) {
      s.table.put(t.getName(), DataType.fromOnnx(t.getDataType()), ReshapingShapes.dims(Tensors.dims(t)));
      List<Dim> ints = ReshapingShapes.intContents(t);
      if (ints != null) {
        s.table.putInts(t.getName(), ints);
      }
      float[] floats = ReshapingShapes.floatContents(t);
      if (floats != null) {
        s.table.putFloats(t.getName(), floats);
      }
    }
    for (NodeProto node : graph.getNodeList()) {
      s.infer(node, opset, declared);
    }
    return s;
  }

  private void infer(NodeProto node, long opset, Map<String, TensorType> declared) {
    boolean inputsKnown = node.getInputList().stream().allMatch(in -> in.isEmpty() || table.has(in));
    String problem = null;
    if (!inputsKnown) {
      problem = null; // a consequence of an earlier failure, which is reported instead
    } else if (!supports(node)) {
      problem = "ortrain has no shape rule for " + describe(node);
    } else {
      try {
        RULES.get(node.getOpType()).infer(new NodeShapes(node, table, opset));
      } catch (ShapeInferenceException e) {
        problem = e.getMessage();
      }
      if (problem == null) {
        String conflict = conflictWithDeclared(node, declared);
        if (conflict != null) {
          failures.put(node.getName(), conflict); // the model or a rule is wrong: never guess which
        }
        return;
      }
    }
    boolean allDeclared = true;
    for (String out : node.getOutputList()) {
      if (!out.isEmpty() && declared.containsKey(out)) {
        table.put(out, declared.get(out));
      } else if (!out.isEmpty()) {
        allDeclared = false;
      }
    }
    if (!allDeclared && problem != null) {
      failures.put(node.getName(), problem);
    }
  }

  private String conflictWithDeclared(NodeProto node, Map<String, TensorType> declared) {
    for (String out : node.getOutputList()) {
      TensorType d = declared.get(out);
      if (out.isEmpty() || d == null || !table.has(out)) {
        continue;
      }
      List<Dim> inferred = table.shape(out);
      List<Dim> expected = TypeTable.dims(d.shape());
      boolean agree = inferred.size() == expected.size();
      for (int i = 0; agree && i < inferred.size(); i++) {
        agree = !inferred.get(i).isKnown() || !expected.get(i).isKnown() || inferred.get(i).equals(expected.get(i));
      }
      if (!agree) {
        return describe(node) + ": the model declares '" + out + "' as " + d.shape() + " but its inputs give "
            + inferred;
      }
    }
    return null;
  }

  static String describe(NodeProto node) {
    String domain = isStandardDomain(node.getDomain()) ? "" : node.getDomain() + "::";
    return domain + node.getOpType() + " node '" + node.getName() + "'";
  }

  /** The inferred type of a value, or null. */
  TensorType type(String value) {
    return table.tensorType(value);
  }

  /** Node name → why its outputs have no type; only nodes whose inputs were typed are listed. */
  Map<String, String> failures() {
    return failures;
  }
}
