package dev.ortrain.nn;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.ortrain.artifacts.ForwardModel;
import dev.ortrain.graph.Tensors;
import dev.ortrain.onnx.proto.Onnx.ModelProto;
import dev.ortrain.onnx.proto.Onnx.TensorProto;
import dev.ortrain.ort.NativeLibrary;
import java.nio.FloatBuffer;
import java.util.Map;

/** Runs a built model in a plain ONNX Runtime inference session, and reads or replaces its parameters. */
final class OrtRunner {
  private OrtRunner() {}

  /** The model's output for one input tensor, row-major. */
  static float[] run(ModelProto model, float[] input, long... shape) {
    OrtEnvironment env = NativeLibrary.environment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      try (OrtSession session = env.createSession(model.toByteArray(), options);
          OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
          OrtSession.Result result = session.run(Map.of("input", x))) {
        FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
        float[] values = new float[out.remaining()];
        out.get(values);
        return values;
      }
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime rejected the model: " + e.getMessage(), e);
    }
  }

  static float[] parameter(ForwardModel model, String name) {
    return Tensors.toFloats(initializer(model.model(), name));
  }

  static TensorProto initializer(ModelProto model, String name) {
    for (TensorProto t : model.getGraph().getInitializerList()) {
      if (t.getName().equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException("No initializer '" + name + "'");
  }

  /** The model with one initializer's values replaced. */
  static ModelProto withParameter(ModelProto model, String name, float[] values) {
    ModelProto.Builder b = model.toBuilder();
    var graph = b.getGraphBuilder();
    for (int i = 0; i < graph.getInitializerCount(); i++) {
      TensorProto t = graph.getInitializer(i);
      if (t.getName().equals(name)) {
        graph.setInitializer(i, Tensors.floats(name, Tensors.dims(t), values));
        return b.build();
      }
    }
    throw new IllegalArgumentException("No initializer '" + name + "'");
  }
}
