package dev.ortrain.processor.validation;

import dev.ortrain.processor.diagnostics.Location;
import dev.ortrain.processor.model.AnnotationModel;
import dev.ortrain.processor.model.Experiment;
import java.util.ArrayList;
import java.util.List;

/** A validation metric some setting watches: early stopping, the best checkpoint or a plateau schedule. */
record Monitored(String attribute, String metric, Location location) {

  static List<Monitored> in(Experiment experiment) {
    List<Monitored> all = new ArrayList<>();
    AnnotationModel trainer = experiment.trainer();
    for (String attribute : List.of("earlyStoppingMonitor", "checkpointMonitor")) {
      if (!trainer.stringValue(attribute).isEmpty()) {
        all.add(new Monitored(attribute, trainer.stringValue(attribute), trainer.at(attribute)));
      }
    }
    experiment.declaredSchedule().filter(s -> s.stringValue("type").equals("PLATEAU")).ifPresent(s ->
        all.add(new Monitored("monitor", s.stringValue("monitor"), s.at("monitor"))));
    return all;
  }
}
