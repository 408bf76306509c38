package dev.ortrain.importer;

import dev.ortrain.graph.Attributes;
import dev.ortrain.graph.DataType;
import dev.ortrain.graph.Tensors;
import dev.ortrain.onnx.proto.Onnx.GraphProto;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import dev.ortrain.onnx.proto.Onnx.TensorProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Ties again what constant folding untied: an output layer that shares the embedding's matrix reads it
 * transposed, and both the eval-mode TorchScript export and the dynamo export store that transpose as a
 * constant of its own ({@code onnx::MatMul_445}, {@code val_221}) while the embedding keeps the parameter. A
 * computed matrix (see {@link #isComputed}) that holds exactly the transpose of a parameter becomes a
 * Transpose of that parameter, so training updates one matrix, as PyTorch does. Two separate parameters
 * equal up to a transpose are otherwise only made by copying one into the other, which a training-mode
 * export (the README's recipe) keeps apart.
 */
final class FoldedTies {
  /** The TorchScript exporter's prefix for values it computed or renamed, never a parameter's name. */
  static final String COMPUTED = "onnx::";

  /** A computed copy and the parameter it transposes. */
  private record Tie(String copy, String parameter) {}

  private FoldedTies() {}

  static GraphProto retie(GraphProto graph) {
    List<TensorProto> matrices = new ArrayList<>();
    for (TensorProto t : graph.getInitializerList()) {
      if (t.getDataType() == DataType.FLOAT.onnxCode() && t.getDimsCount() == 2) {
        matrices.add(t);
      }
    }
    List<Tie> ties = new ArrayList<>();
    java.util.Set<String> computed = new java.util.HashSet<>();
    for (TensorProto t : matrices) {
      if (isComputed(t.getName(), graph)) {
        computed.add(t.getName());
      }
    }
    for (TensorProto copy : matrices) {
      if (!computed.contains(copy.getName())) {
        continue;
      }
      float[] transposed = transpose(copy);
      for (TensorProto original : matrices) {
        if (!computed.contains(original.getName()) && original.getDims(0) == copy.getDims(1)
            && original.getDims(1) == copy.getDims(0) && Arrays.equals(transposed, Tensors.toFloats(original))) {
          ties.add(new Tie(copy.getName(), original.getName()));
          break;
        }
      }
    }
    if (ties.isEmpty()) {
      return graph;
    }
    GraphProto.Builder b = graph.toBuilder().clearInitializer().clearNode();
    List<String> copies = ties.stream().map(Tie::copy).toList();
    graph.getInitializerList().stream().filter(t -> !copies.contains(t.getName())).forEach(b::addInitializer);
    for (Tie tie : ties) {
      b.addNode(NodeProto.newBuilder().setOpType("Transpose").setName(tie.copy() + "_tied")
          .addInput(tie.parameter()).addOutput(tie.copy()).addAttribute(Attributes.ints("perm", 1, 0)));
    }
    b.addAllNode(graph.getNodeList());
    return b.build();
  }

  /**
   * Whether the exporter made this initializer rather than took it from a parameter: the TorchScript
   * exporter names such values {@code onnx::...}; the dynamo exporter's readers of a parameter name it in
   * their fx metadata ({@code %p_out_weight}), so an initializer none of whose readers names it was computed.
   */
  private static boolean isComputed(String name, GraphProto graph) {
    if (name.startsWith(COMPUTED)) {
      return true;
    }
    boolean described = false;
    for (NodeProto n : graph.getNodeList()) {
      if (!n.getInputList().contains(name)) {
        continue;
      }
      if (!ExporterMetadata.of(n, ExporterMetadata.FX_NODE).isEmpty()) {
        described = true;
        if (ExporterMetadata.parametersRead(n).contains(ExporterMetadata.sanitize(name))) {
          return false;
        }
      }
    }
    return described;
  }

  private static float[] transpose(TensorProto t) {
    float[] v = Tensors.toFloats(t);
    int rows = (int) t.getDims(0);
    int cols = (int) t.getDims(1);
    float[] out = new float[v.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        out[c * rows + r] = v[r * cols + c];
      }
    }
    return out;
  }
}
