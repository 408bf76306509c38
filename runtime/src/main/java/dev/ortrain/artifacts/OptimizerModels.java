package dev.ortrain.artifacts;

import dev.ortrain.graph.DataType;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.OnnxModels;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.onnx.proto.Onnx.ModelProto;
import dev.ortrain.onnx.proto.Onnx.TypeProto;
import dev.ortrain.onnx.proto.Onnx.ValueInfoProto;
import java.util.Map;

/**
 * The optimizer model: one {@code AdamWOptimizer} or {@code SGDOptimizerV2} node over sequences of all
 * trainable parameters, optionally preceded by {@code InplaceClipGradNorm}, with exactly the graph inputs
 * ONNX Runtime expects (names and order are its contract).
 */
final class OptimizerModels {
  private OptimizerModels() {}

  static ModelProto build(Optimizer optimizer, Float clipNorm) {
    GraphBuilder g = new GraphBuilder("optimizer");
    g.input("learning_rate", TensorType.floats(Shape.of(1)));
    g.input("step", new TensorType(DataType.INT64, Shape.of(1)));
    g.input(sequence("params"));
    g.input(sequence("gradients"));
    g.input(sequence("first_order_moments"));
    boolean adamw = optimizer instanceof Optimizer.AdamW;
    if (adamw) {
      g.input(sequence("second_order_moments"));
    }
    String gradients = "gradients";
    if (clipNorm != null) {
      // Clips the accumulated gradient once per optimizer step, by the global L2 norm over all parameters.
      g.msNode("InplaceClipGradNorm").name("clip_grad_norm").inputs("gradients")
          .attr("max_norm", clipNorm).attr("norm_type", "fro").outputs("clipped_gradients");
      gradients = "clipped_gradients";
    }
    String flag;
    if (optimizer instanceof Optimizer.AdamW a) {
      flag = "updated_flag";
      g.msNode("AdamWOptimizer").name("adamw")
          .inputs("learning_rate", "step", "params", gradients, "first_order_moments", "second_order_moments")
          .attr("alpha", a.beta1()).attr("beta", a.beta2()).attr("epsilon", a.epsilon())
          .attr("weight_decay", a.weightDecay()).attr("correct_bias", a.biasCorrection() ? 1L : 0L)
          .attr("adam_mode", 0L)
          .outputs(flag);
    } else {
      flag = "update_completed";
      g.msNode("SGDOptimizerV2").name("sgd").inputs("learning_rate", "params", gradients).outputs(flag);
    }
    g.output(flag, new TensorType(DataType.BOOL, Shape.of(1)));
    ModelProto.Builder m = OnnxModels.model(g.build(), Map.of()).toBuilder();
    if (clipNorm != null) {
      m.getGraphBuilder().addValueInfo(sequence("clipped_gradients"));
    }
    return m.build();
  }

  private static ValueInfoProto sequence(String name) {
    TypeProto floatTensor = TypeProto.newBuilder()
        .setTensorType(TypeProto.Tensor.newBuilder().setElemType(DataType.FLOAT.onnxCode()))
        .build();
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(TypeProto.newBuilder().setSequenceType(TypeProto.Sequence.newBuilder().setElemType(floatTensor)))
        .build();
  }
}
