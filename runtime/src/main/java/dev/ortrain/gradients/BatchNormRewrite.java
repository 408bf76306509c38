package dev.ortrain.gradients;

import dev.ortrain.graph.Attributes;
import dev.ortrain.graph.DataType;
import dev.ortrain.graph.Domains;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.graph.Tensors;
import dev.ortrain.onnx.proto.Onnx.NodeProto;

/**
 * Training form of {@code BatchNormalization(X, scale, B, running_mean, running_var)}: ONNX Runtime's
 * {@code com.microsoft.BatchNormInternal} with training_mode=1 normalizes with the batch statistics and
 * returns the updated running statistics (running ← momentum·running + (1 − momentum)·batch, ONNX's
 * momentum convention), which {@code InPlaceAccumulatorV2} with a constant true overwrite flag writes back
 * into the frozen parameters. The eval model, which shares their memory, then normalizes with them, and
 * saved checkpoints contain them.
 */
final class BatchNormRewrite {
  private final GraphBuilder graph;
  private String alwaysTrue;

  BatchNormRewrite(GraphBuilder graph) {
    this.graph = graph;
  }

  void rewrite(NodeProto n) {
    if (n.getInputCount() != 5) {
      throw new IllegalArgumentException("BatchNormalization node '" + n.getName() + "' has "
          + n.getInputCount() + " inputs; ONNX requires X, scale, B, input_mean and input_var");
    }
    String x = n.getInput(0);
    String y = n.getOutput(0);
    String mean = n.getInput(3);
    String variance = n.getInput(4);
    for (String stat : new String[] {mean, variance}) {
      if (graph.isInitializer(stat) || graph.typeOf(stat) == null) {
        throw new IllegalArgumentException("BatchNormalization node '" + n.getName() + "' reads its running"
            + " statistic '" + stat + "' from a constant, so training cannot update it. List '" + stat
            + "' as a frozen parameter of the ForwardModel.");
      }
    }
    TensorType statType = graph.typeOf(mean);
    String newMean = existingOrFresh(n, 1, mean + "_updated");
    String newVariance = existingOrFresh(n, 2, variance + "_updated");
    String batchMean = graph.freshName(y + "_batch_mean");
    String batchInvStd = graph.freshName(y + "_batch_inv_std");
    // Output 0 keeps its name, so the node is added directly instead of through the builder.
    graph.nodes().add(NodeProto.newBuilder()
        .setOpType("BatchNormInternal")
        .setDomain(Domains.MICROSOFT)
        .setName(n.getName())
        .addAllInput(n.getInputList())
        .addOutput(y).addOutput(newMean).addOutput(newVariance).addOutput(batchMean).addOutput(batchInvStd)
        .addAttribute(Attributes.of("epsilon", Attributes.getFloat(n, "epsilon", 1e-5f)))
        .addAttribute(Attributes.of("momentum", Attributes.getFloat(n, "momentum", 0.9f)))
        .addAttribute(Attributes.of("training_mode", 1L))
        .build());
    if (graph.typeOf(y) == null && graph.typeOf(x) != null) {
      graph.valueType(y, graph.typeOf(x));
    }
    for (String stat : new String[] {newMean, newVariance, batchMean, batchInvStd}) {
      graph.valueType(stat, statType);
    }
    writeBack(mean, newMean);
    writeBack(variance, newVariance);
  }

  private String existingOrFresh(NodeProto n, int output, String hint) {
    return n.getOutputCount() > output && !n.getOutput(output).isEmpty()
        ? n.getOutput(output) : graph.freshName(hint);
  }

  /** parameter := value, in place, on every training step. */
  private void writeBack(String parameter, String value) {
    if (alwaysTrue == null) {
      alwaysTrue = graph.initializer(Tensors.bools(graph.freshName("always_true"), new long[] {1}, true));
    }
    String flag = graph.msNode("InPlaceAccumulatorV2").name("update_" + parameter)
        .inputs(parameter, value, alwaysTrue).output(parameter + "_updated_flag");
    graph.valueType(flag, new TensorType(DataType.BOOL, Shape.of(1)));
  }
}
