package dev.ortrain.processor.generation;

import com.palantir.javapoet.CodeBlock;
import dev.ortrain.processor.model.AnnotationModel;
import java.util.Locale;

/** The {@code TrainerConfig} an experiment's {@code @Trainer} values describe, every value spelled out. */
final class ConfigCode {
  private ConfigCode() {}

  static CodeBlock of(AnnotationModel trainer) {
    CodeBlock.Builder code = CodeBlock.builder().add("return $T.builder()\n", RuntimeNames.TRAINER_CONFIG).indent()
        .indent()
        .add(".epochs($L)\n", trainer.intValue("epochs"))
        .add(".batchSize($L)\n", trainer.intValue("batchSize"))
        .add(".seed($L)\n", Literals.ofLong(trainer.longValue("seed")))
        .add(".device($L)\n", device(trainer.stringValue("device")))
        .add(".threads($L)\n", trainer.intValue("threads"))
        .add(".prefetch($L)\n", trainer.intValue("prefetch"))
        .add(".learningRate($L)\n", Literals.ofFloat(trainer.doubleValue("learningRate")))
        .add(".optimizer($L)\n", optimizer(trainer))
        .add(".accumulationSteps($L)\n", trainer.intValue("accumulationSteps"));
    if (trainer.doubleValue("clipGradNorm") != 0) {
      code.add(".clipGradNorm($L)\n", Literals.ofFloat(trainer.doubleValue("clipGradNorm")));
    }
    code.add(".shuffle($L)\n", trainer.booleanValue("shuffle"))
        .add(".dropLast($L)\n", trainer.booleanValue("dropLast"))
        .add(".validation(new $T($L, $T.$L, $L, $L))\n", RuntimeNames.VALIDATION_CONFIG,
            trainer.intValue("validateEvery"), RuntimeNames.INTERVAL, trainer.stringValue("validationUnit"),
            trainer.intValue("validationBatches"), Literals.ofDouble(trainer.doubleValue("validationFraction")))
        .add(".nanPolicy($L)\n", nanPolicy(trainer))
        .add(".build();\n")
        .unindent().unindent();
    return code.build();
  }

  private static CodeBlock device(String device) {
    String normalized = device.trim().toLowerCase(Locale.ROOT);
    if (normalized.equals("cpu")) {
      return CodeBlock.of("$T.cpu()", RuntimeNames.DEVICE);
    }
    int id = normalized.startsWith("cuda:") ? Integer.parseInt(normalized.substring("cuda:".length())) : 0;
    return CodeBlock.of("$T.cuda($L)", RuntimeNames.DEVICE, id);
  }

  private static CodeBlock optimizer(AnnotationModel trainer) {
    double weightDecay = trainer.doubleValue("weightDecay");
    if (trainer.stringValue("optimizer").equals("SGD")) {
      return CodeBlock.of("new $T($L, $L, $L)", RuntimeNames.SGD, Literals.ofFloat(trainer.doubleValue("momentum")),
          Literals.ofFloat(weightDecay == -1 ? 0 : weightDecay), trainer.booleanValue("nesterov"));
    }
    // PyTorch's AdamW defaults to weight decay 0.01, with bias correction.
    return CodeBlock.of("new $T($L, $L, $L, $L, true)", RuntimeNames.ADAMW,
        Literals.ofFloat(trainer.doubleValue("beta1")), Literals.ofFloat(trainer.doubleValue("beta2")),
        Literals.ofFloat(trainer.doubleValue("epsilon")), Literals.ofFloat(weightDecay == -1 ? 0.01 : weightDecay));
  }

  private static CodeBlock nanPolicy(AnnotationModel trainer) {
    if (trainer.stringValue("nanPolicy").equals("SKIP")) {
      return CodeBlock.of("$T.skip($L)", RuntimeNames.NAN_POLICY, trainer.intValue("maxSkippedSteps"));
    }
    return CodeBlock.of("$T.fail()", RuntimeNames.NAN_POLICY);
  }
}
