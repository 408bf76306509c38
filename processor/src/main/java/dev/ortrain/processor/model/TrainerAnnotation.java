package dev.ortrain.processor.model;

import dev.ortrain.annotations.NanAction;
import dev.ortrain.annotations.OptimizerType;
import dev.ortrain.annotations.Unit;
import dev.ortrain.processor.diagnostics.Location;
import dev.ortrain.settings.Setting;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.type.TypeMirror;

/**
 * {@code @Trainer} as written: its {@link Setting}s, typed, and the two attributes that are not settings (where
 * a run writes, and which modules the component includes).
 *
 * @param runDirectory as written; "" = {@code runs/<Experiment>}
 * @param modules the extra Dagger modules, each located at its entry of {@code modules}
 */
public record TrainerAnnotation(DeclaredSettings settings, String runDirectory, List<Declared<TypeMirror>> modules) {
  private static final String RUN_DIRECTORY = "runDirectory";
  private static final String MODULES = "modules";

  static TrainerAnnotation read(AnnotationReading reading) {
    DeclaredSettings settings = DeclaredSettings.read(Setting.Owner.TRAINER, reading,
        Set.of(RUN_DIRECTORY, MODULES));
    return new TrainerAnnotation(settings, (String) reading.value(RUN_DIRECTORY),
        reading.elements(MODULES, TypeMirror.class));
  }

  public List<TypeMirror> moduleTypes() {
    return modules.stream().map(Declared::value).toList();
  }

  public Location location() {
    return settings.location();
  }

  public int epochs() {
    return settings.integer(Setting.EPOCHS);
  }

  public int batchSize() {
    return settings.integer(Setting.BATCH_SIZE);
  }

  public String device() {
    return settings.text(Setting.DEVICE);
  }

  public OptimizerType optimizer() {
    return settings.choice(Setting.OPTIMIZER, OptimizerType.class);
  }

  public double learningRate() {
    return settings.number(Setting.LEARNING_RATE);
  }

  public double momentum() {
    return settings.number(Setting.MOMENTUM);
  }

  public boolean nesterov() {
    return settings.flag(Setting.NESTEROV);
  }

  public int accumulationSteps() {
    return settings.integer(Setting.ACCUMULATION_STEPS);
  }

  public int validateEvery() {
    return settings.integer(Setting.VALIDATE_EVERY);
  }

  public Unit validationUnit() {
    return settings.choice(Setting.VALIDATION_UNIT, Unit.class);
  }

  /** Checkpoints every this many units, or empty when {@code checkpointEvery = 0} turns them off. */
  public Optional<Integer> checkpointEvery() {
    return settings.isSet(Setting.CHECKPOINT_EVERY) ? Optional.of(settings.integer(Setting.CHECKPOINT_EVERY))
        : Optional.empty();
  }

  public Unit checkpointUnit() {
    return settings.choice(Setting.CHECKPOINT_UNIT, Unit.class);
  }

  public int keepLast() {
    return settings.integer(Setting.KEEP_LAST);
  }

  /** The metric the best checkpoint is kept by, or empty for {@code ""} (none). */
  public Optional<String> checkpointMonitor() {
    return nonEmpty(settings.text(Setting.CHECKPOINT_MONITOR));
  }

  /** The metric early stopping watches, or empty for {@code ""} (no early stopping). */
  public Optional<String> earlyStoppingMonitor() {
    return nonEmpty(settings.text(Setting.EARLY_STOPPING_MONITOR));
  }

  public int patience() {
    return settings.integer(Setting.PATIENCE);
  }

  public NanAction nanPolicy() {
    return settings.choice(Setting.NAN_POLICY, NanAction.class);
  }

  private static Optional<String> nonEmpty(String text) {
    return text.isEmpty() ? Optional.empty() : Optional.of(text);
  }
}
