package dev.ortrain.importer;

import static dev.ortrain.importer.PyTorchAgreementTest.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;


import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import dev.ortrain.artifacts.ArtifactBuilder;
import dev.ortrain.artifacts.ArtifactPaths;
import dev.ortrain.artifacts.ForwardModel;
import dev.ortrain.artifacts.Optimizer;
import dev.ortrain.checkpoint.OrtCheckpoint;
import dev.ortrain.graph.Tensors;
import dev.ortrain.loss.CrossEntropyLoss;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import dev.ortrain.session.SessionConfig;
import dev.ortrain.session.TrainingSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The eval-mode and dynamo exports of the 2-layer nn.LSTM and nn.GRU fixtures (make_family_fixtures.py), one
 * and two directions, fold PyTorch's weights into ONNX's gate order under new names, which
 * FamilyAgreementTest cannot match by name: their first-step gradients equal PyTorch's, reordered as the
 * exporters reorder the weights.
 */
class RecurrentFixturesTest {
  @TempDir Path dir;

  /**
   * PyTorch's gradients as the folding exporters' parameters hold them: with constant folding the exporters
   * write W, R and B of each layer as one initializer in ONNX's gate order (LSTM i, o, f, c from PyTorch's
   * i, f, g, o; GRU z, r, h from r, z, n), B being the input bias followed by the recurrent one; a
   * bidirectional layer stacks the forward direction's and then the reverse one's along axis 0.
   */
  private static Map<String, float[]> foldedWeights(ForwardModel model, String family, Map<String, float[]> pytorch) {
    boolean lstm = family.contains("lstm");
    int[] order = lstm ? new int[] {0, 3, 1, 2} : new int[] {1, 0, 2};
    List<String> directions = family.startsWith("bi") ? List.of("", "_reverse") : List.of("");
    Map<String, float[]> folded = new TreeMap<>();
    folded.put("head.weight", pytorch.get("head.weight"));
    folded.put("head.bias", pytorch.get("head.bias"));
    int layer = 0;
    for (NodeProto n : model.model().getGraph().getNodeList()) {
      if (!n.getOpType().equals(lstm ? "LSTM" : "GRU")) {
        continue;
      }
      List<float[]> w = new ArrayList<>();
      List<float[]> r = new ArrayList<>();
      List<float[]> b = new ArrayList<>();
      for (String direction : directions) {
        String suffix = "_l" + layer + direction;
        w.add(reorder(pytorch.get("rnn.weight_ih" + suffix), order));
        r.add(reorder(pytorch.get("rnn.weight_hh" + suffix), order));
        b.add(reorder(pytorch.get("rnn.bias_ih" + suffix), order));
        b.add(reorder(pytorch.get("rnn.bias_hh" + suffix), order));
      }
      folded.put(n.getInput(1), concatenated(w));
      folded.put(n.getInput(2), concatenated(r));
      folded.put(n.getInput(3), concatenated(b));
      layer++;
    }
    return folded;
  }

  private static float[] concatenated(List<float[]> parts) {
    float[] out = new float[parts.stream().mapToInt(p -> p.length).sum()];
    int offset = 0;
    for (float[] p : parts) {
      System.arraycopy(p, 0, out, offset, p.length);
      offset += p.length;
    }
    return out;
  }

  /** {@code v} cut into {@code order.length} equal gate blocks; block i of the result is block order[i]. */
  private static float[] reorder(float[] v, int[] order) {
    int block = v.length / order.length;
    float[] out = new float[v.length];
    for (int i = 0; i < order.length; i++) {
      System.arraycopy(v, order[i] * block, out, i * block, block);
    }
    return out;
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"lstm, eval", "lstm, dynamo", "gru, eval", "gru, dynamo", "bilstm, eval", "bilstm, dynamo",
      "bigru_state, eval", "bigru_state, dynamo"})
  void foldedGateWeightsGetPyTorchsGradientsReordered(String family, String export) throws OrtException,
      IOException {
    Path fixture = PyTorchFixture.resourceDir("pytorch/families/" + family);
    ForwardModel model = OnnxModelImporter.load(fixture.resolve(export + ".onnx")).toForwardModel();
    Map<String, float[]> pytorch = new TreeMap<>();
    try (Stream<Path> files = Files.list(fixture.resolve("gradients"))) {
      files.forEach(f -> pytorch.put(f.getFileName().toString().replaceAll("\\.pb$", ""),
          Tensors.toFloats(PyTorchFixture.read(f))));
    }
    Map<String, float[]> expected = foldedWeights(model, family, pytorch);
    assertEquals(expected.keySet(), new TreeSet<>(model.trainable()), "trainable parameters");
    // SGD at learning rate 1: one step moves every parameter by exactly minus its gradient.
    ArtifactPaths paths = ArtifactBuilder.forModel(model).loss(CrossEntropyLoss.create())
        .optimizer(new Optimizer.Sgd()).build().writeTo(dir);
    float pytorchLoss = Tensors.toFloats(PyTorchFixture.read(fixture.resolve("sgd_losses.pb")))[0];
    try (TrainingSession s = TrainingSession.open(paths, SessionConfig.defaults().withThreads(1), 1f);
        OnnxTensor input = PyTorchAgreementTest.floats(s, PyTorchFixture.read(fixture.resolve("batch0/input.pb")));
        OnnxTensor target = PyTorchAgreementTest.longs(s,
            PyTorchFixture.read(fixture.resolve("batch0/target.pb")))) {
      OrtCheckpoint before = s.snapshot();
      String inputName = s.dataInputNames().stream().filter(n -> !n.equals("target")).findFirst().orElseThrow();
      float loss = s.trainStep(Map.of(inputName, input, "target", target)).loss();
      assertClose(family + " " + export + " loss", new float[] {pytorchLoss}, new float[] {loss});
      s.optimizerStep();
      SgdStep.gradients(before, s.snapshot(), model.trainable()).forEach((p, gradient) ->
          assertClose(family + " " + export + " gradient of " + p, expected.get(p), gradient));
    }
  }
}
