package dev.ortrain.processor.generation;

import com.palantir.javapoet.CodeBlock;
import dev.ortrain.processor.model.Experiment;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code .callback(...)} calls of the experiment's hooks, one per hook order (early stopping and
 * checkpoints are settings).
 */
final class CallbackCode {
  private CallbackCode() {}

  static List<CodeBlock> of(Experiment experiment, GeneratedNames names) {
    List<CodeBlock> calls = new ArrayList<>();
    for (int order : HooksGenerator.orders(experiment)) {
      calls.add(CodeBlock.of(".callback(new $T(experiment))\n", HooksGenerator.callbackOf(names, order)));
    }
    return calls;
  }
}
