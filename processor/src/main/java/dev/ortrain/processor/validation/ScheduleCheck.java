package dev.ortrain.processor.validation;

import dev.ortrain.annotations.ScheduleType;
import dev.ortrain.processor.diagnostics.Location;
import dev.ortrain.processor.diagnostics.Message;
import dev.ortrain.processor.diagnostics.Reporter;
import dev.ortrain.processor.model.DeclaredSettings;
import dev.ortrain.processor.model.Experiment;
import dev.ortrain.processor.model.ScheduleAnnotation;
import dev.ortrain.processor.model.ScheduleMethod;
import dev.ortrain.rules.ConfigRules;
import dev.ortrain.settings.Setting;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.type.TypeKind;

/** The learning-rate schedule: declared or computed (not both), its values, and whether it fits the training. */
final class ScheduleCheck implements Check {
  /** The settings some types read and others ignore (every type reads type, unit and the warm-up). */
  private static final List<Setting> TYPE_SPECIFIC = List.of(Setting.STEP_SIZE, Setting.GAMMA, Setting.MILESTONES,
      Setting.T_MAX, Setting.MIN_LEARNING_RATE, Setting.PLATEAU_MONITOR, Setting.PLATEAU_MODE, Setting.FACTOR,
      Setting.PLATEAU_PATIENCE, Setting.THRESHOLD, Setting.COOLDOWN);

  /** The type-specific settings a type reads. */
  static Set<Setting> reads(ScheduleType type) {
    return switch (type) {
      case CONSTANT -> Set.of();
      case STEP -> Set.of(Setting.STEP_SIZE, Setting.GAMMA);
      case MULTI_STEP -> Set.of(Setting.MILESTONES, Setting.GAMMA);
      case EXPONENTIAL -> Set.of(Setting.GAMMA);
      case COSINE -> Set.of(Setting.T_MAX, Setting.MIN_LEARNING_RATE);
      case PLATEAU -> Set.of(Setting.PLATEAU_MONITOR, Setting.PLATEAU_MODE, Setting.FACTOR, Setting.PLATEAU_PATIENCE,
          Setting.THRESHOLD, Setting.COOLDOWN, Setting.MIN_LEARNING_RATE);
    };
  }

  @Override
  public void check(Experiment experiment, Reporter reporter) {
    List<ScheduleMethod> methods = experiment.scheduleMethods();
    experiment.declaredSchedule().ifPresent(declared -> {
      for (ScheduleMethod method : methods) {
        reporter.report(Message.SCHEDULE_TWICE, method.schedule().location(), experiment.simpleName(),
            method.name() + "()");
      }
      checkDeclared(experiment, declared, reporter);
    });
    for (ScheduleMethod extra : methods.subList(Math.min(1, methods.size()), methods.size())) {
      reporter.report(Message.CONFLICT, extra.schedule().location(), "the schedule is computed by both "
          + methods.get(0).name() + "() and " + extra.name() + "(); keep one @Schedule method");
    }
    for (ScheduleMethod method : methods) {
      checkMethod(method, reporter);
    }
  }

  /** Signature problems point at the method; settings a method's schedule ignores at their values. */
  private static void checkMethod(ScheduleMethod schedule, Reporter reporter) {
    ExecutableElement method = schedule.method();
    Location at = Location.of(method);
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
    DeclaredSettings settings = schedule.schedule().settings();
    for (Setting setting : DeclaredSettings.of(Setting.Owner.SCHEDULE)) {
      if (setting != Setting.SCHEDULE_UNIT && settings.isExplicit(setting)) {
        reporter.report(Message.IGNORED_SETTING, settings.at(setting), setting.attribute(),
            "on a @Schedule method (only unit is read there)");
      }
    }
  }

  private static void checkDeclared(Experiment experiment, ScheduleAnnotation schedule, Reporter reporter) {
    ScheduleType type = schedule.type();
    DeclaredSettings settings = schedule.settings();
    Set<Setting> reads = reads(type);
    for (Setting setting : TYPE_SPECIFIC) {
      if (!reads.contains(setting) && settings.isExplicit(setting)) {
        reporter.report(Message.IGNORED_SETTING, settings.at(setting), setting.attribute(), "by type = " + type);
      }
    }
    Ranges.check(settings, Setting.WARMUP_STEPS, reporter);
    Ranges.check(settings, Setting.WARMUP_START_FACTOR, reporter);
    // A switch expression, so that a new ScheduleType does not compile until its rules are written here.
    Runnable typeRules = switch (type) {
      case CONSTANT -> () -> { }; // reads nothing else
      case STEP -> () -> {
        required(schedule, Setting.STEP_SIZE, reporter);
        Ranges.check(settings, Setting.GAMMA, reporter);
      };
      case MULTI_STEP -> () -> {
        checkMilestones(schedule, reporter);
        Ranges.check(settings, Setting.GAMMA, reporter);
      };
      case EXPONENTIAL -> () -> Ranges.check(settings, Setting.GAMMA, reporter);
      case COSINE -> () -> {
        required(schedule, Setting.T_MAX, reporter);
        checkMinLearningRate(experiment, schedule, reporter);
      };
      case PLATEAU -> () -> checkPlateau(experiment, schedule, reporter);
    };
    typeRules.run();
    new ScheduleLength(experiment, schedule).check(reporter);
  }

  /** A length that has no usable default: report it missing, on the type that needs it, rather than out of range. */
  private static void required(ScheduleAnnotation schedule, Setting setting, Reporter reporter) {
    DeclaredSettings settings = schedule.settings();
    if (!settings.isExplicit(setting)) {
      reporter.report(Message.MISSING_SCHEDULE_SETTING, settings.at(Setting.SCHEDULE_TYPE), schedule.type(),
          setting.attribute(), setting.rule().orElseThrow().hint());
      return;
    }
    Ranges.check(settings, setting, reporter);
  }

  private static void checkMilestones(ScheduleAnnotation schedule, Reporter reporter) {
    DeclaredSettings settings = schedule.settings();
    List<Long> milestones = schedule.milestones();
    if (milestones.isEmpty()) {
      reporter.report(Message.MISSING_SCHEDULE_SETTING, settings.at(Setting.SCHEDULE_TYPE), schedule.type(),
          Setting.MILESTONES.attribute(), ConfigRules.MILESTONE.hint());
      return;
    }
    long previous = 0;
    for (long milestone : milestones) {
      if (!Ranges.check(settings, Setting.MILESTONES, milestone, ConfigRules.MILESTONE, reporter)) {
        return;
      }
      if (milestone <= previous) {
        reporter.report(Message.MILESTONES_NOT_INCREASING, settings.at(Setting.MILESTONES), milestones);
        return;
      }
      previous = milestone;
    }
  }

  private static void checkMinLearningRate(Experiment experiment, ScheduleAnnotation schedule, Reporter reporter) {
    if (Ranges.check(schedule.settings(), Setting.MIN_LEARNING_RATE, reporter)) {
      double learningRate = experiment.trainer().learningRate();
      double minimum = schedule.minLearningRate();
      if (minimum > learningRate) {
        reporter.report(Message.MIN_LR_ABOVE_LR, schedule.settings().at(Setting.MIN_LEARNING_RATE), minimum,
            learningRate);
      }
    }
  }

  private static void checkPlateau(Experiment experiment, ScheduleAnnotation schedule, Reporter reporter) {
    DeclaredSettings settings = schedule.settings();
    for (Setting setting : List.of(Setting.FACTOR, Setting.PLATEAU_PATIENCE, Setting.THRESHOLD, Setting.COOLDOWN)) {
      Ranges.check(settings, setting, reporter);
    }
    checkMinLearningRate(experiment, schedule, reporter);
    if (schedule.warmupSteps() > 0) {
      reporter.report(Message.CONFLICT, settings.at(Setting.WARMUP_STEPS), "type = PLATEAU reacts to validations and"
          + " cannot follow a warm-up; set warmupSteps = 0 or use another type");
    }
    if (settings.isExplicit(Setting.SCHEDULE_UNIT)) {
      reporter.report(Message.IGNORED_SETTING, settings.at(Setting.SCHEDULE_UNIT), "unit", "by type = PLATEAU (it"
          + " steps after every validation)");
    }
  }
}
