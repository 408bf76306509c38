package dev.ortrain.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.ortrain.artifacts.ForwardModel;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.onnx.proto.Onnx.GraphProto;
import dev.ortrain.onnx.proto.Onnx.ModelProto;
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

  private static TensorType typeOf(GraphProto g, String value) {
    if (g.getOutput(0).getName().equals(value)) {
      return TensorType.fromProto(g.getOutput(0).getType());
    }
    return OnnxModelImporterTest.typeOf(g, value);
  }
}
