package dev.ortrain.processor.validation;

import dev.ortrain.processor.diagnostics.Location;
import dev.ortrain.processor.diagnostics.Message;
import dev.ortrain.processor.diagnostics.Reporter;
import dev.ortrain.processor.model.AnnotationModel;
import dev.ortrain.processor.model.Experiment;
import dev.ortrain.processor.model.ScheduleMethod;
import dev.ortrain.rules.ConfigRules;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.type.TypeKind;

/** The learning-rate schedule: declared or computed (not both), its values, and whether it fits the training. */
final class ScheduleCheck implements Check {
  /** Attributes each type reads besides type, unit, warmupSteps and warmupStartFactor. */
  private static final Map<String, Set<String>> READS = Map.of(
      "CONSTANT", Set.of(),
      "STEP", Set.of("stepSize", "gamma"),
      "MULTI_STEP", Set.of("milestones", "gamma"),
      "EXPONENTIAL", Set.of("gamma"),
      "COSINE", Set.of("tMax", "minLearningRate"),
      "PLATEAU", Set.of("monitor", "mode", "factor", "plateauPatience", "threshold", "cooldown", "minLearningRate"));
  private static final List<String> TYPE_SPECIFIC = List.of("stepSize", "gamma", "milestones", "tMax",
      "minLearningRate", "monitor", "mode", "factor", "plateauPatience", "threshold", "cooldown");

  @Override
  public void check(Experiment experiment, Reporter reporter) {
    List<ScheduleMethod> methods = experiment.scheduleMethods();
    experiment.declaredSchedule().ifPresent(declared -> {
      for (ScheduleMethod method : methods) {
        reporter.report(Message.SCHEDULE_TWICE, method.annotation().location(), experiment.simpleName(),
            method.name() + "()");
      }
      checkDeclared(experiment, declared, reporter);
    });
    for (ScheduleMethod extra : methods.subList(Math.min(1, methods.size()), methods.size())) {
      reporter.report(Message.CONFLICT, extra.annotation().location(), "the schedule is computed by both "
          + methods.get(0).name() + "() and " + extra.name() + "(); keep one @Schedule method");
    }
    for (ScheduleMethod method : methods) {
      checkMethod(method, reporter);
    }
  }

  private static void checkMethod(ScheduleMethod schedule, Reporter reporter) {
    ExecutableElement method = schedule.method();
    Location at = schedule.annotation().location();
    String name = schedule.name();
    if (method.getModifiers().contains(Modifier.PRIVATE) || method.getModifiers().contains(Modifier.STATIC)) {
      reporter.report(Message.SCHEDULE_METHOD, at, name, name + "() is "
          + (method.getModifiers().contains(Modifier.PRIVATE) ? "private" : "static"));
    }
    if (method.getReturnType().getKind() != TypeKind.DOUBLE) {
      reporter.report(Message.SCHEDULE_METHOD, at, name, name + "() returns " + method.getReturnType());
    }
    List<TypeKind> kinds = method.getParameters().stream().map(p -> p.asType().getKind()).toList();
    boolean parametersFit = kinds.size() == 3 && kinds.get(0) == TypeKind.LONG
        && (kinds.get(1) == TypeKind.INT || kinds.get(1) == TypeKind.LONG) && kinds.get(2) == TypeKind.DOUBLE;
    if (!parametersFit) {
      reporter.report(Message.SCHEDULE_METHOD, at, name, name + "() takes ("
          + String.join(", ", method.getParameters().stream().map(p -> p.asType().toString()).toList()) + ")");
    }
    for (String attribute : schedule.annotation().settings().keySet()) {
      if (!attribute.equals("unit") && schedule.annotation().isExplicit(attribute)) {
        reporter.report(Message.IGNORED_SETTING, schedule.annotation().at(attribute), attribute,
            "on a @Schedule method (only unit is read there)");
      }
    }
  }

  private static void checkDeclared(Experiment experiment, AnnotationModel schedule, Reporter reporter) {
    String type = schedule.stringValue("type");
    Set<String> reads = READS.get(type);
    for (String attribute : TYPE_SPECIFIC) {
      if (!reads.contains(attribute) && schedule.isExplicit(attribute)) {
        reporter.report(Message.IGNORED_SETTING, schedule.at(attribute), attribute, "by type = " + type);
      }
    }
    Ranges.check(schedule, "warmupSteps", ConfigRules.WARMUP_STEPS, reporter);
    Ranges.check(schedule, "warmupStartFactor", ConfigRules.WARMUP_START_FACTOR, reporter);
    switch (type) {
      case "STEP" -> {
        required(schedule, "stepSize", type, reporter);
        Ranges.check(schedule, "gamma", ConfigRules.GAMMA, reporter);
      }
      case "MULTI_STEP" -> {
        checkMilestones(schedule, reporter);
        Ranges.check(schedule, "gamma", ConfigRules.GAMMA, reporter);
      }
      case "EXPONENTIAL" -> Ranges.check(schedule, "gamma", ConfigRules.GAMMA, reporter);
      case "COSINE" -> {
        required(schedule, "tMax", type, reporter);
        checkMinLearningRate(experiment, schedule, reporter);
      }
      case "PLATEAU" -> checkPlateau(experiment, schedule, reporter);
      default -> { } // CONSTANT reads nothing else
    }
    new ScheduleLength(experiment, schedule).check(reporter);
  }

  /** A length that has no usable default: report it missing rather than out of range. */
  private static void required(AnnotationModel schedule, String attribute, String type, Reporter reporter) {
    var range = attribute.equals("tMax") ? ConfigRules.T_MAX : ConfigRules.STEP_SIZE;
    if (!schedule.isExplicit(attribute)) {
      reporter.report(Message.MISSING_SCHEDULE_SETTING, schedule.location(), type, attribute, range.hint());
      return;
    }
    Ranges.check(schedule, attribute, range, reporter);
  }

  private static void checkMilestones(AnnotationModel schedule, Reporter reporter) {
    List<Long> milestones = schedule.longs("milestones");
    if (milestones.isEmpty()) {
      reporter.report(Message.MISSING_SCHEDULE_SETTING, schedule.location(), "MULTI_STEP", "milestones",
          ConfigRules.MILESTONE.hint());
      return;
    }
    long previous = 0;
    for (long milestone : milestones) {
      if (!Ranges.check(schedule, "milestones", milestone, ConfigRules.MILESTONE, reporter)) {
        return;
      }
      if (milestone <= previous) {
        reporter.report(Message.MILESTONES_NOT_INCREASING, schedule.at("milestones"), milestones);
        return;
      }
      previous = milestone;
    }
  }

  private static void checkMinLearningRate(Experiment experiment, AnnotationModel schedule, Reporter reporter) {
    if (Ranges.check(schedule, "minLearningRate", ConfigRules.MIN_LEARNING_RATE, reporter)) {
      double learningRate = experiment.trainer().doubleValue("learningRate");
      double minimum = schedule.doubleValue("minLearningRate");
      if (minimum > learningRate) {
        reporter.report(Message.MIN_LR_ABOVE_LR, schedule.at("minLearningRate"), minimum, learningRate);
      }
    }
  }

  private static void checkPlateau(Experiment experiment, AnnotationModel schedule, Reporter reporter) {
    Ranges.check(schedule, "factor", ConfigRules.PLATEAU_FACTOR, reporter);
    Ranges.check(schedule, "plateauPatience", ConfigRules.PLATEAU_PATIENCE, reporter);
    Ranges.check(schedule, "threshold", ConfigRules.PLATEAU_THRESHOLD, reporter);
    Ranges.check(schedule, "cooldown", ConfigRules.PLATEAU_COOLDOWN, reporter);
    checkMinLearningRate(experiment, schedule, reporter);
    if (schedule.longValue("warmupSteps") > 0) {
      reporter.report(Message.CONFLICT, schedule.at("warmupSteps"), "type = PLATEAU reacts to validations and"
          + " cannot follow a warm-up; set warmupSteps = 0 or use another type");
    }
    if (schedule.isExplicit("unit")) {
      reporter.report(Message.IGNORED_SETTING, schedule.at("unit"), "unit", "by type = PLATEAU (it steps after"
          + " every validation)");
    }
  }
}
