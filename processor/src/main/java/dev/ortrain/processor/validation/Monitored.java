package dev.ortrain.processor.validation;

import dev.ortrain.processor.diagnostics.Location;
import dev.ortrain.processor.model.Experiment;
import dev.ortrain.processor.model.TrainerAnnotation;
import dev.ortrain.settings.Setting;
import java.util.ArrayList;
import java.util.List;

/** A validation metric some setting watches: early stopping, the best checkpoint or a plateau schedule. */
record Monitored(Setting setting, String metric, Location location) {

  static List<Monitored> in(Experiment experiment) {
    List<Monitored> all = new ArrayList<>();
    TrainerAnnotation trainer = experiment.trainer();
    trainer.earlyStoppingMonitor().ifPresent(metric -> all.add(of(trainer, Setting.EARLY_STOPPING_MONITOR, metric)));
    trainer.checkpointMonitor().ifPresent(metric -> all.add(of(trainer, Setting.CHECKPOINT_MONITOR, metric)));
    // Only a schedule type that reads its monitor watches it (PLATEAU).
    experiment.declaredSchedule().filter(s -> ScheduleCheck.reads(s.type()).contains(Setting.PLATEAU_MONITOR))
        .ifPresent(s -> all.add(new Monitored(Setting.PLATEAU_MONITOR, s.monitor(),
            s.settings().at(Setting.PLATEAU_MONITOR))));
    return all;
  }

  private static Monitored of(TrainerAnnotation trainer, Setting setting, String metric) {
    return new Monitored(setting, metric, trainer.settings().at(setting));
  }

  /** The attribute as the user wrote it, for messages. */
  String attribute() {
    return setting.attribute();
  }
}
