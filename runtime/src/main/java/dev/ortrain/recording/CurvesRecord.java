package dev.ortrain.recording;

import dev.ortrain.callbacks.Callback;
import dev.ortrain.callbacks.TrainingContext;

/** Draws {@code curves.png} from the run's history when training ends (a stopped run included). */
final class CurvesRecord implements Callback {
  static final String FILE = "curves.png";

  private final String title;

  CurvesRecord(String title) {
    this.title = title;
  }

  @Override
  public void onTrainEnd(TrainingContext ctx) {
    if (!ctx.history().isEmpty()) {
      CurvesPlot.write(title, ctx.history(), ctx.runDirectory().resolve(FILE));
    }
  }

  @Override
  public int order() {
    return LOGGING;
  }
}
