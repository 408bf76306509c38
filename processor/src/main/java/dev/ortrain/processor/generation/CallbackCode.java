package dev.ortrain.processor.generation;

import com.palantir.javapoet.CodeBlock;
import dev.ortrain.processor.model.AnnotationModel;
import dev.ortrain.processor.model.Experiment;
import java.util.ArrayList;
import java.util.List;

/** The {@code .callback(...)} calls: early stopping, checkpoints, then one hooks callback per hook order. */
final class CallbackCode {
  private CallbackCode() {}

  static List<CodeBlock> of(Experiment experiment, GeneratedNames names) {
    AnnotationModel trainer = experiment.trainer();
    List<CodeBlock> calls = new ArrayList<>();
    String earlyStopping = trainer.stringValue("earlyStoppingMonitor");
    if (!earlyStopping.isEmpty()) {
      calls.add(CodeBlock.of(".callback(new $T($L, $L, $L))\n", RuntimeNames.EARLY_STOPPING,
          monitor(earlyStopping, trainer.stringValue("mode"), trainer.doubleValue("minDelta")),
          trainer.intValue("patience"), trainer.booleanValue("restoreBestWeights")));
    }
    int checkpointEvery = trainer.intValue("checkpointEvery");
    if (checkpointEvery > 0) {
      String best = trainer.stringValue("checkpointMonitor");
      calls.add(CodeBlock.of(".callback(new $T($L, $T.$L, $L,\n$>$>$L))\n$<$<", RuntimeNames.MODEL_CHECKPOINT,
          checkpointEvery,
          RuntimeNames.INTERVAL, trainer.stringValue("checkpointUnit"), trainer.intValue("keepLast"),
          best.isEmpty() ? CodeBlock.of("null") : monitor(best, trainer.stringValue("checkpointMode"), 0)));
    }
    for (int order : HooksGenerator.orders(experiment)) {
      calls.add(CodeBlock.of(".callback(new $T(experiment, $L))\n", names.hooks(), order));
    }
    return calls;
  }

  private static CodeBlock monitor(String metric, String mode, double minDelta) {
    return CodeBlock.of("new $T($S, $T.Mode.$L, $L)", RuntimeNames.MONITOR, metric, RuntimeNames.MONITOR,
        Modes.resolve(mode, metric), Literals.ofDouble(minDelta));
  }
}
