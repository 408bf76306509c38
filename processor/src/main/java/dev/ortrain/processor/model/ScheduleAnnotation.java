package dev.ortrain.processor.model;

import dev.ortrain.annotations.ScheduleType;
import dev.ortrain.annotations.Unit;
import dev.ortrain.processor.diagnostics.Location;
import dev.ortrain.settings.Setting;
import java.util.List;
import java.util.Set;

/** {@code @Schedule} as written on the experiment class or on a method: its {@link Setting}s, typed. */
public record ScheduleAnnotation(DeclaredSettings settings) {

  static ScheduleAnnotation read(AnnotationReading reading) {
    return new ScheduleAnnotation(DeclaredSettings.read(Setting.Owner.SCHEDULE, reading, Set.of()));
  }

  public Location location() {
    return settings.location();
  }

  public ScheduleType type() {
    return settings.choice(Setting.SCHEDULE_TYPE, ScheduleType.class);
  }

  public Unit unit() {
    return settings.choice(Setting.SCHEDULE_UNIT, Unit.class);
  }

  public long warmupSteps() {
    return settings.whole(Setting.WARMUP_STEPS);
  }

  public long stepSize() {
    return settings.whole(Setting.STEP_SIZE);
  }

  public List<Long> milestones() {
    return settings.wholeNumbers(Setting.MILESTONES);
  }

  public long tMax() {
    return settings.whole(Setting.T_MAX);
  }

  public double minLearningRate() {
    return settings.number(Setting.MIN_LEARNING_RATE);
  }

  /** PLATEAU's monitored metric. */
  public String monitor() {
    return settings.text(Setting.PLATEAU_MONITOR);
  }
}
