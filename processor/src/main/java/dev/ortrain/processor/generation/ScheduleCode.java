package dev.ortrain.processor.generation;

import com.palantir.javapoet.CodeBlock;
import dev.ortrain.processor.model.AnnotationModel;
import dev.ortrain.processor.model.Experiment;
import dev.ortrain.processor.model.ScheduleMethod;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The {@code .schedule(...)} or {@code .plateau(...)} call of the trainer builder; none for a constant rate. */
final class ScheduleCode {
  private ScheduleCode() {}

  static Optional<CodeBlock> of(Experiment experiment, GeneratedNames names) {
    if (!experiment.scheduleMethods().isEmpty()) {
      return Optional.of(function(experiment.scheduleMethods().get(0), names));
    }
    return experiment.declaredSchedule().flatMap(ScheduleCode::declared);
  }

  private static CodeBlock function(ScheduleMethod method, GeneratedNames names) {
    // The runtime passes the epoch as a long; an int parameter gets it exactly or fails loudly.
    String epoch = method.longEpoch() ? "epoch" : "Math.toIntExact(epoch)";
    return CodeBlock.of(".schedule($T.function($S,\n$>$>(step, epoch, baseLr) -> experiment.$L(step, $L, baseLr)),"
        + " $T.$L)\n$<$<", RuntimeNames.SCHEDULE, names.display() + "." + method.name(), method.name(), epoch,
        RuntimeNames.INTERVAL, method.annotation().stringValue("unit"));
  }

  private static Optional<CodeBlock> declared(AnnotationModel schedule) {
    String type = schedule.stringValue("type");
    if (type.equals("PLATEAU")) {
      return Optional.of(plateau(schedule));
    }
    long warmup = schedule.longValue("warmupSteps");
    CodeBlock base = switch (type) {
      case "STEP" -> CodeBlock.of("$T.step($L, $L)", RuntimeNames.SCHEDULE, Literals.ofLong(schedule.longValue(
          "stepSize")), Literals.ofDouble(schedule.doubleValue("gamma")));
      case "MULTI_STEP" -> CodeBlock.of("$T.multiStep($T.of($L), $L)", RuntimeNames.SCHEDULE, List.class,
          milestones(schedule.longs("milestones")), Literals.ofDouble(schedule.doubleValue("gamma")));
      case "EXPONENTIAL" -> CodeBlock.of("$T.exponential($L)", RuntimeNames.SCHEDULE,
          Literals.ofDouble(schedule.doubleValue("gamma")));
      case "COSINE" -> CodeBlock.of("$T.cosine($L, $L)", RuntimeNames.SCHEDULE,
          Literals.ofLong(schedule.longValue("tMax")), Literals.ofDouble(schedule.doubleValue("minLearningRate")));
      default -> null; // CONSTANT
    };
    if (base == null && warmup == 0) {
      return Optional.empty();
    }
    CodeBlock withWarmup = base == null
        ? CodeBlock.of("$T.linearWarmup($L, $L)", RuntimeNames.SCHEDULE, Literals.ofLong(warmup),
            Literals.ofDouble(schedule.doubleValue("warmupStartFactor")))
        : warmup == 0 ? base
        : CodeBlock.of("$L.afterWarmup($L, $L)", base, Literals.ofLong(warmup),
            Literals.ofDouble(schedule.doubleValue("warmupStartFactor")));
    return Optional.of(CodeBlock.of(".schedule($L, $T.$L)\n", withWarmup, RuntimeNames.INTERVAL,
        schedule.stringValue("unit")));
  }

  private static String milestones(List<Long> milestones) {
    return milestones.stream().map(Literals::ofLong).collect(Collectors.joining(", "));
  }

  private static CodeBlock plateau(AnnotationModel schedule) {
    String monitor = schedule.stringValue("monitor");
    return CodeBlock.of(".plateau(new $T($S, $T.Mode.$L, $L, $L, $L, $T.ThresholdMode.REL, $L, $L))\n",
        RuntimeNames.REDUCE_ON_PLATEAU, monitor, RuntimeNames.REDUCE_ON_PLATEAU,
        Modes.resolve(schedule.stringValue("mode"), monitor), Literals.ofDouble(schedule.doubleValue("factor")),
        schedule.intValue("plateauPatience"), Literals.ofDouble(schedule.doubleValue("threshold")),
        RuntimeNames.REDUCE_ON_PLATEAU, schedule.intValue("cooldown"),
        Literals.ofDouble(schedule.doubleValue("minLearningRate")));
  }
}
