package dev.ortrain.processor.generation;

import com.palantir.javapoet.CodeBlock;
import dev.ortrain.annotations.Unit;
import dev.ortrain.processor.model.Experiment;
import dev.ortrain.processor.model.ScheduleMethod;
import java.util.Optional;

/**
 * The {@code .schedule(...)} call of a schedule computed by an experiment's method; a declared schedule is one
 * of the experiment's settings.
 */
final class ScheduleCode {
  private ScheduleCode() {}

  static Optional<CodeBlock> of(Experiment experiment, GeneratedNames names) {
    return experiment.scheduleMethods().stream().findFirst().map(method -> function(method, names));
  }

  private static CodeBlock function(ScheduleMethod method, GeneratedNames names) {
    // The runtime passes the epoch as a long; an int parameter gets it exactly or fails loudly.
    String epoch = method.longEpoch() ? "epoch" : "Math.toIntExact(epoch)";
    return CodeBlock.of(".schedule($T.function($S,\n$>$>(step, epoch, baseLr) -> experiment.$L(step, $L, baseLr)),"
        + " $T.$L)\n$<$<", RuntimeNames.SCHEDULE, names.display() + "." + method.name(), method.name(), epoch,
        RuntimeNames.INTERVAL, interval(method.schedule().unit()));
  }

  /** The runtime's {@code Interval} constant for a unit. */
  private static String interval(Unit unit) {
    return switch (unit) {
      case STEP -> "STEP";
      case EPOCH -> "EPOCH";
    };
  }
}
