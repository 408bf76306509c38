package dev.ortrain.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.ortrain.artifacts.ForwardModel;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.graph.Tensors;
import dev.ortrain.onnx.proto.Onnx.GraphProto;
import dev.ortrain.onnx.proto.Onnx.ModelProto;
import dev.ortrain.onnx.proto.Onnx.TensorProto;
import dev.ortrain.onnx.proto.Onnx.ValueInfoProto;
import dev.ortrain.ort.NativeLibrary;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ONNX Runtime as an oracle for ortrain's shape inference: a copy of the imported model that outputs every
 * intermediate value, opened in a plain session, reports the shapes ONNX Runtime infers. Every dimension it
 * knows must match ours. (It knows fewer: after a Reshape to a computed shape it reports no dimensions at
 * all, which is why ortrain infers shapes itself.)
 */
class OnnxRuntimeShapeCrossCheckTest {

  @ParameterizedTest
  @ValueSource(strings = {"mlp", "cnn", "cnn_view"})
  void everyDimensionOnnxRuntimeKnowsAgrees(String name) throws OrtException {
    ForwardModel imported = OnnxModelImporter.load(PyTorchFixture.load(name).model()).toForwardModel();
    GraphProto.Builder g = imported.model().getGraph().toBuilder();
    for (ValueInfoProto v : imported.model().getGraph().getValueInfoList()) {
      g.addOutput(ValueInfoProto.newBuilder().setName(v.getName())); // untyped: ONNX Runtime infers it
    }
    ModelProto probe = imported.model().toBuilder().setGraph(g.clearValueInfo()).build();
    OrtEnvironment env = NativeLibrary.environment();
    int compared = 0;
    int unknownToOrt = 0;
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
      try (OrtSession session = env.createSession(probe.toByteArray(), options)) {
        for (Map.Entry<String, NodeInfo> e : session.getOutputInfo().entrySet()) {
          long[] ort = ((TensorInfo) e.getValue().getInfo()).getShape();
          Shape ours = typeOf(imported.model().getGraph(), e.getKey()).shape();
          assertEquals(ours.rank(), ort.length, e.getKey());
          for (int i = 0; i < ort.length; i++) {
            if (ort[i] < 0) {
              unknownToOrt += ours.isKnown(i) ? 1 : 0;
              continue;
            }
            assertTrue(ours.isKnown(i) && ours.size(i) == ort[i], e.getKey() + ": ours " + ours + ", ONNX Runtime "
                + java.util.Arrays.toString(ort));
            compared++;
          }
        }
      }
    }
    System.out.printf("%s: %d dimensions agree with ONNX Runtime, %d known only to ortrain%n", name, compared,
        unknownToOrt);
    assertTrue(compared > 0, "nothing was compared");
  }

  /**
   * Every value of each family's exports, computed by ONNX Runtime on the first batch: each dimension ortrain
   * knows equals the computed one, and each 'batch' dimension equals the batch size.
   */
  @ParameterizedTest
  @ValueSource(strings = {"resnet", "transformer", "causal_lm", "vit", "lstm", "gru", "autoencoder", "unet",
      "conv1d"})
  void everyKnownDimensionOfTheFamiliesMatchesWhatOnnxRuntimeComputes(String family) throws OrtException {
    FamilyFixture f = FamilyFixture.load(family);
    OrtEnvironment env = NativeLibrary.environment();
    int compared = 0;
    for (FamilyFixture.Export export : FamilyFixture.Export.values()) {
      if (!f.has(export) || RefusedExports.refused(family, export)) {
        continue;
      }
      ForwardModel imported = OnnxModelImporter.load(f.model(export)).toForwardModel();
      GraphProto.Builder g = imported.model().getGraph().toBuilder();
      for (ValueInfoProto v : imported.model().getGraph().getValueInfoList()) {
        g.addOutput(v);
      }
      ModelProto probe = imported.model().toBuilder().setGraph(g).build();
      TensorProto input = f.batches().get(0).input();
      long batch = input.getDims(0);
      try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
        try (OrtSession session = env.createSession(probe.toByteArray(), options);
            OnnxTensor x = tensor(env, input);
            OrtSession.Result result = session.run(Map.of("input", x))) {
          for (Map.Entry<String, ai.onnxruntime.OnnxValue> e : result) {
            long[] actual = ((TensorInfo) e.getValue().getInfo()).getShape();
            Shape ours = typeOf(imported.model().getGraph(), e.getKey()).shape();
            assertEquals(ours.rank(), actual.length, family + " " + export + " " + e.getKey() + ": rank");
            for (int i = 0; i < actual.length; i++) {
              long expected = ours.isKnown(i) ? ours.size(i) : Shape.BATCH.equals(ours.symbol(i)) ? batch : -1;
              if (expected >= 0) {
                assertEquals(expected, actual[i], family + " " + export + " " + e.getKey() + ": ours " + ours
                    + ", computed " + java.util.Arrays.toString(actual));
                compared++;
              }
            }
          }
        }
      }
    }
    System.out.printf("%s: %d dimensions agree with the values ONNX Runtime computes%n", family, compared);
    assertTrue(compared > 0, "nothing was compared");
  }

  private static OnnxTensor tensor(OrtEnvironment env, TensorProto t) throws OrtException {
    return t.getDataType() == dev.ortrain.graph.DataType.INT64.onnxCode()
        ? OnnxTensor.createTensor(env, java.nio.LongBuffer.wrap(Tensors.toLongs(t)), Tensors.dims(t))
        : OnnxTensor.createTensor(env, java.nio.FloatBuffer.wrap(Tensors.toFloats(t)), Tensors.dims(t));
  }

  private static TensorType typeOf(GraphProto g, String value) {
    if (g.getOutput(0).getName().equals(value)) {
      return TensorType.fromProto(g.getOutput(0).getType());
    }
    return OnnxModelImporterTest.typeOf(g, value);
  }
}
