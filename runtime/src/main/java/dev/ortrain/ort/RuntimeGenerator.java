package dev.ortrain.ort;

import dev.ortrain.graph.Domains;
import dev.ortrain.onnx.proto.Onnx.ModelProto;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import java.util.Set;

/**
 * ONNX Runtime's process-wide random generator, which {@code OrtTrainingSession.setSeed} seeds: the operators
 * that draw from it, and whether a graph has any. ortrain's own graphs have none: the training rewrite replaces
 * each Dropout by a mask the session feeds (dev.ortrain.session.DropoutMasks), so that a resume is exact, and
 * the eval graph's Dropout does not draw. Foreign artifacts, and an imported model with a random operator, may.
 */
public final class RuntimeGenerator {
  /** Standard operators that draw unless given a {@code seed} attribute. */
  private static final Set<String> RANDOM = Set.of("RandomNormal", "RandomUniform", "RandomNormalLike",
      "RandomUniformLike", "Bernoulli", "Multinomial");
  /** ONNX Runtime's training dropouts (com.microsoft), which draw unless given a {@code seed} attribute. */
  private static final Set<String> MICROSOFT_DROPOUTS = Set.of("BitmaskDropout", "BiasDropout",
      "BitmaskBiasDropout");

  private RuntimeGenerator() {}

  /** Whether running {@code model} may draw from the generator. */
  public static boolean drawnFromBy(ModelProto model) {
    return model.getGraph().getNodeList().stream().anyMatch(RuntimeGenerator::draws);
  }

  private static boolean draws(NodeProto n) {
    boolean seeded = n.getAttributeList().stream().anyMatch(a -> a.getName().equals("seed"));
    if (n.getDomain().equals(Domains.MICROSOFT)) {
      return MICROSOFT_DROPOUTS.contains(n.getOpType()) && !seeded;
    }
    if (!n.getDomain().isEmpty()) {
      return false;
    }
    // A Dropout draws in training mode only, which its third input switches on.
    boolean trainingDropout = n.getOpType().equals("Dropout") && n.getInputCount() > 2 && !n.getInput(2).isEmpty();
    return (RANDOM.contains(n.getOpType()) || trainingDropout) && !seeded;
  }
}
