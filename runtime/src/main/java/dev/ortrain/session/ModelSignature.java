package dev.ortrain.session;

import dev.ortrain.graph.TensorType;
import dev.ortrain.onnx.proto.Onnx.ModelProto;
import dev.ortrain.onnx.proto.Onnx.StringStringEntryProto;
import dev.ortrain.onnx.proto.Onnx.TensorProto;
import dev.ortrain.onnx.proto.Onnx.ValueInfoProto;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Declared input and output types and ortrain metadata of a training or eval model, read from its ONNX file. */
final class ModelSignature {
  final Map<String, TensorType> inputs = new LinkedHashMap<>();
  final Map<String, TensorType> outputs = new LinkedHashMap<>(); // those declaring a tensor type with a shape
  final Map<String, String> metadata = new HashMap<>();

  ModelSignature(ModelProto model) {
    Set<String> initializers = new HashSet<>();
    for (TensorProto t : model.getGraph().getInitializerList()) {
      initializers.add(t.getName());
    }
    for (ValueInfoProto v : model.getGraph().getInputList()) {
      if (!initializers.contains(v.getName()) && v.hasType()) {
        TensorType t = TensorType.fromProto(v.getType());
        if (t != null) {
          inputs.put(v.getName(), t);
        }
      }
    }
    for (ValueInfoProto v : model.getGraph().getOutputList()) {
      TensorType t = v.hasType() ? TensorType.fromProto(v.getType()) : null;
      if (t != null) {
        outputs.put(v.getName(), t);
      }
    }
    for (StringStringEntryProto e : model.getMetadataPropsList()) {
      metadata.put(e.getKey(), e.getValue());
    }
  }
}
