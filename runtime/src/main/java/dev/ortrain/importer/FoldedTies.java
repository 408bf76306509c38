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
 * Ties again what an eval-mode TorchScript export's constant folding untied: an output layer that shares the
 * embedding's matrix reads it transposed, and the exporter stores that transpose as a constant of its own
 * ({@code onnx::MatMul_445}) while the embedding keeps the parameter. A computed matrix (named
 * {@code onnx::...}, never a parameter's name) that holds exactly the transpose of a parameter becomes a
 * Transpose of that parameter, so training updates one matrix, as PyTorch does. Two separate parameters
 * equal up to a transpose are otherwise only made by copying one into the other, which a training-mode
 * export (the README's recipe) keeps apart.
 */
final class FoldedTies {
  /** The TorchScript exporter's prefix for values it computed or renamed, never a parameter's name. */
  static final String COMPUTED = "onnx::";

  /** A computed copy and the parameter it transposes. */
  record Tie(String copy, String parameter) {}

  record Result(GraphProto graph, List<Tie> ties) {}

  private FoldedTies() {}

  static Result retie(GraphProto graph) {
    List<TensorProto> matrices = new ArrayList<>();
    for (TensorProto t : graph.getInitializerList()) {
      if (t.getDataType() == DataType.FLOAT.onnxCode() && t.getDimsCount() == 2) {
        matrices.add(t);
      }
    }
    List<Tie> ties = new ArrayList<>();
    for (TensorProto copy : matrices) {
      if (!copy.getName().startsWith(COMPUTED)) {
        continue;
      }
      float[] transposed = transpose(copy);
      for (TensorProto original : matrices) {
        if (!original.getName().startsWith(COMPUTED) && original.getDims(0) == copy.getDims(1)
            && original.getDims(1) == copy.getDims(0) && Arrays.equals(transposed, Tensors.toFloats(original))) {
          ties.add(new Tie(copy.getName(), original.getName()));
          break;
        }
      }
    }
    if (ties.isEmpty()) {
      return new Result(graph, ties);
    }
    GraphProto.Builder b = graph.toBuilder().clearInitializer().clearNode();
    List<String> copies = ties.stream().map(Tie::copy).toList();
    graph.getInitializerList().stream().filter(t -> !copies.contains(t.getName())).forEach(b::addInitializer);
    for (Tie tie : ties) {
      b.addNode(NodeProto.newBuilder().setOpType("Transpose").setName(tie.copy() + "_tied")
          .addInput(tie.parameter()).addOutput(tie.copy()).addAttribute(Attributes.ints("perm", 1, 0)));
    }
    b.addAllNode(graph.getNodeList());
    return new Result(b.build(), ties);
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
