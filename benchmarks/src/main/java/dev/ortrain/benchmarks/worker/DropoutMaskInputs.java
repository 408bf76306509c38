package dev.ortrain.benchmarks.worker;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.ortrain.artifacts.ArtifactNames;
import dev.ortrain.onnx.proto.Onnx.ModelProto;
import dev.ortrain.onnx.proto.Onnx.StringStringEntryProto;
import dev.ortrain.onnx.proto.Onnx.TensorShapeProto;
import dev.ortrain.onnx.proto.Onnx.ValueInfoProto;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dropout masks an imported model's training graph takes as inputs (one per PyTorch {@code Dropout}, named in
 * the artifacts' metadata with its ratio), as a hand-written loop feeds them: the benchmark models have dropout
 * 0, so every mask is a constant tensor of ones, made once per batch size.
 */
final class DropoutMaskInputs implements AutoCloseable {
  private final Map<String, OnnxTensor> masks;

  private DropoutMaskInputs(Map<String, OnnxTensor> masks) {
    this.masks = masks;
  }

  /** Reads the masks' names, ratios and shapes from {@code trainingModel}; a ratio other than 0 is refused. */
  static DropoutMaskInputs of(Path trainingModel, OrtEnvironment env, int batch) throws IOException, OrtException {
    ModelProto model;
    try (InputStream in = Files.newInputStream(trainingModel)) {
      model = ModelProto.parseFrom(in);
    }
    Map<String, OnnxTensor> masks = new LinkedHashMap<>();
    for (StringStringEntryProto p : model.getMetadataPropsList()) {
      if (!p.getKey().startsWith(ArtifactNames.META_DROPOUT_PREFIX)) {
        continue;
      }
      String input = p.getKey().substring(ArtifactNames.META_DROPOUT_PREFIX.length());
      if (Float.parseFloat(p.getValue()) != 0f) {
        throw new IllegalArgumentException("Dropout mask " + input + " has ratio " + p.getValue() + "; the raw ORT"
            + " loop feeds only the masks of dropout 0, which the benchmark models have");
      }
      masks.put(input, ones(env, shape(model, input, batch)));
    }
    return new DropoutMaskInputs(masks);
  }

  boolean feeds(String input) {
    return masks.containsKey(input);
  }

  OnnxTensor mask(String input) {
    return masks.get(input);
  }

  private static long[] shape(ModelProto model, String input, int batch) {
    ValueInfoProto info = model.getGraph().getInputList().stream().filter(i -> i.getName().equals(input))
        .findFirst().orElseThrow(() -> new IllegalArgumentException("The metadata names dropout mask " + input
            + ", which is no input of the training model"));
    var dims = info.getType().getTensorType().getShape().getDimList();
    long[] shape = new long[dims.size()];
    for (int i = 0; i < shape.length; i++) {
      TensorShapeProto.Dimension d = dims.get(i);
      if (d.hasDimValue()) {
        shape[i] = d.getDimValue();
      } else if (i == 0) {
        shape[i] = batch;
      } else {
        throw new IllegalArgumentException("Dropout mask " + input + " has unknown dimension " + i
            + " (" + d.getDimParam() + "); only the batch may vary");
      }
    }
    return shape;
  }

  private static OnnxTensor ones(OrtEnvironment env, long[] shape) throws OrtException {
    long count = 1;
    for (long d : shape) {
      count *= d;
    }
    FloatBuffer buffer = ByteBuffer.allocateDirect(Math.toIntExact(count * 4)).order(ByteOrder.nativeOrder())
        .asFloatBuffer();
    for (int i = 0; i < count; i++) {
      buffer.put(i, 1f);
    }
    return OnnxTensor.createTensor(env, buffer, shape);
  }

  @Override
  public void close() {
    masks.values().forEach(OnnxTensor::close);
  }
}
