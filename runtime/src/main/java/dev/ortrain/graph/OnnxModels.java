package dev.ortrain.graph;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.ortrain.onnx.proto.Onnx.GraphProto;
import dev.ortrain.onnx.proto.Onnx.ModelProto;
import dev.ortrain.onnx.proto.Onnx.OperatorSetIdProto;
import dev.ortrain.onnx.proto.Onnx.StringStringEntryProto;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/** Creates, reads and writes ONNX model files. */
public final class OnnxModels {
  public static final String PRODUCER = "ortrain";

  private OnnxModels() {}

  /** Wraps a graph in a model importing ai.onnx {@value Domains#ONNX_OPSET} and com.microsoft 1. */
  public static ModelProto model(GraphProto graph, Map<String, String> metadata) {
    ModelProto.Builder m = ModelProto.newBuilder()
        .setIrVersion(Domains.IR_VERSION)
        .setProducerName(PRODUCER)
        .setGraph(graph)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(Domains.ONNX).setVersion(Domains.ONNX_OPSET))
        .addOpsetImport(
            OperatorSetIdProto.newBuilder().setDomain(Domains.MICROSOFT).setVersion(Domains.MICROSOFT_OPSET));
    metadata.forEach((k, v) -> m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
    return m.build();
  }

  /** The ai.onnx opset a model imports. */
  public static long onnxOpset(ModelProto model) {
    for (OperatorSetIdProto o : model.getOpsetImportList()) {
      if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
        return o.getVersion();
      }
    }
    throw new IllegalArgumentException("The model imports no ai.onnx opset");
  }

  public static ModelProto read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      CodedInputStream coded = CodedInputStream.newInstance(in);
      coded.setSizeLimit(Integer.MAX_VALUE); // models above protobuf's 64 MiB default are common
      ModelProto model = ModelProto.parseFrom(coded);
      if (!model.hasGraph()) {
        throw new IllegalArgumentException(file + " is not an ONNX model: it has no graph");
      }
      return model;
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException("ONNX model file not found: " + file, e);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(file + " is not a readable ONNX model (" + e.getMessage() + ")", e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read ONNX model " + file, e);
    }
  }

  public static void write(ModelProto model, Path file) {
    try {
      Files.write(file, model.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write ONNX model " + file, e);
    }
  }
}
