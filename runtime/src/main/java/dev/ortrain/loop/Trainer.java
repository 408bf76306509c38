package dev.ortrain.loop;

import dev.ortrain.artifacts.ForwardModel;
import dev.ortrain.callbacks.Callback;
import dev.ortrain.callbacks.TrainingContext;
import dev.ortrain.data.Dataset;
import dev.ortrain.data.Transform;
import dev.ortrain.loss.Loss;
import dev.ortrain.metrics.MeanLoss;
import dev.ortrain.metrics.Metric;
import dev.ortrain.recording.Recording;
import dev.ortrain.schedule.Interval;
import dev.ortrain.schedule.ReduceOnPlateau;
import dev.ortrain.schedule.Schedule;
import dev.ortrain.settings.Setting;
import dev.ortrain.settings.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Trains a model: epochs of shuffled mini-batches with gradient accumulation, clipping (in the artifacts),
 * NaN/Inf handling, a learning-rate schedule, periodic validation, metrics, callbacks, and checkpoints that
 * resume exactly, mid-epoch included. Drive it by hand or through a generated experiment trainer.
 *
 * <p>One optimizer step is a window of {@code accumulationSteps} micro-batches; windows restart at each epoch,
 * so the last window of an epoch may be shorter, and its gradient is the mean over the micro-batches it
 * really has. Checkpoints are only written between windows (ONNX Runtime does not save gradient buffers).
 *
 * <p>Building a trainer is cheap and touches nothing: it is set up on first use ({@link #fit}, {@link #restore},
 * {@link #validate}, {@link #test}, ...) or by {@link #open()}, once, and {@link #close()} releases what the
 * set-up took. Mistakes only the set-up can see (data that does not fit the model, an accumulation window
 * longer than an epoch, a monitored metric nothing reports, a run directory in use) surface there.
 */
public final class Trainer implements AutoCloseable {
  static final String ORT_CHECKPOINT = "model.ckpt";

  private final TrainerDefinition definition;
  /** Null until the trainer is set up. */
  private OpenedRun opened;
  private boolean closed;

  private Trainer(TrainerDefinition definition) {
    this.definition = definition;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Sets the trainer up now rather than on first use: locks the run directory (a fast dev run's temporary one),
   * writes the training artifacts, checks the data and opens the session and loaders. Only the first call
   * does anything.
   *
   * @throws IllegalStateException when another run holds the run directory, or the trainer is closed
   */
  public Trainer open() {
    opened();
    return this;
  }

  private OpenedRun opened() {
    if (closed) {
      throw new IllegalStateException("This trainer is closed; build another one to train again");
    }
    if (opened == null) {
      opened = OpenedRun.open(definition);
    }
    return opened;
  }

  /** Trains from the start (or from where {@link #resume} put the run) until the last epoch or a stop. */
  public FitResult fit() {
    return opened().fit();
  }

  /**
   * Puts the run back to the state saved in a checkpoint directory, or in the newest valid checkpoint of a
   * run directory; {@link #fit()} then continues it.
   */
  public FitResult resume(Path checkpointDir) {
    restore(checkpointDir);
    return fit();
  }

  /**
   * Restores parameters, optimizer state, position, shuffling, schedule, partial metrics and callback
   * state from a checkpoint directory of an identically configured run, or from the newest valid checkpoint
   * of a run directory (each newer damaged one is logged with the reason it was skipped). More epochs than the
   * checkpoint's run had extend it ({@link ResumedRun#lengthChange()}); a refused checkpoint changes nothing.
   */
  public ResumedRun restore(Path checkpointDir) {
    if (definition.development().fastDevRun()) {
      throw new IllegalStateException("A fast dev run checks one batch from the start and keeps nothing; it does not"
          + " resume " + checkpointDir + ". Drop the fast dev run to resume, or the resume to check the code.");
    }
    return opened().restore(checkpointDir);
  }

  /** Runs the validation data through the eval model and returns {@code val_*} metrics. */
  public Map<String, Double> validate() {
    if (definition.validationData() == null) {
      throw new IllegalStateException("No validation data: call Builder.validationData(...)");
    }
    return opened().validate();
  }

  /** Whether the trainer was given test data, so that {@link #test()} can run. */
  public boolean hasTestData() {
    return definition.testData() != null;
  }

  /** Runs the test data through the eval model and returns {@code test_*} metrics. */
  public Map<String, Double> test() {
    if (!hasTestData()) {
      throw new IllegalStateException("No test data: call Builder.testData(...)");
    }
    return opened().test();
  }

  /** The run's state, read-only except for its control methods; sets the trainer up if it is not yet. */
  public TrainingContext state() {
    return opened().state();
  }

  /** Writes an ONNX model computing the prediction with the current parameters. */
  public void exportInferenceModel(Path file) {
    opened().exportInferenceModel(file);
  }

  /**
   * Where the run writes: its run directory, or the temporary one of a fast dev run, which exists once the
   * trainer is set up (this sets it up if it is not yet).
   */
  public Path runDirectory() {
    return opened().runDirectory();
  }

  /** Releases what the set-up took (nothing when the trainer was never used); later uses are refused. */
  @Override
  public void close() {
    closed = true;
    if (opened != null) {
      opened.close();
      opened = null;
    }
  }

  /** The loss, always reported, then {@code metrics}. */
  static List<Metric> withLoss(List<Metric> metrics) {
    List<Metric> all = new ArrayList<>();
    all.add(new MeanLoss());
    all.addAll(metrics);
    return all;
  }

  static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // a leftover temporary file is harmless
    }
  }

  /** Configures a {@link Trainer}. */
  public static final class Builder {
    private TrainerConfig config = TrainerConfig.builder().build();
    private ForwardModel model;
    private Loss loss;
    private Dataset trainData;
    private Dataset validationData;
    private Dataset testData;
    private final List<Transform> trainTransforms = new ArrayList<>();
    private Schedule schedule = Schedule.constant();
    private Interval scheduleUnit = Interval.STEP;
    private ReduceOnPlateau plateau;
    private String scheduleDeclaredBy;
    private final List<Metric> metrics = new ArrayList<>();
    private final List<Callback> callbacks = new ArrayList<>();
    private Path runDirectory = Path.of("runs", "run");
    private Consumer<String> log = message -> System.err.println("[ortrain] " + message);
    private DevelopmentOptions development = DevelopmentOptions.defaults();
    private Recording recording = Recording.nothing();
    private Optional<Settings> settings = Optional.empty();
    private ScheduleOnExtension scheduleOnExtension = ScheduleOnExtension.REFUSE;
    private UnaryOperator<Dataset> trainDataView = UnaryOperator.identity();
    private RandomStream randomStream = RandomStream.FIRST;

    private Builder() {}

    public Builder config(TrainerConfig c) {
      config = Objects.requireNonNull(c);
      return this;
    }

    public Builder model(ForwardModel m) {
      model = Objects.requireNonNull(m);
      return this;
    }

    public Builder loss(Loss l) {
      loss = Objects.requireNonNull(l);
      return this;
    }

    /** Samples whose field names match the model's inputs ({@code input}) and {@code target}. */
    public Builder trainData(Dataset d) {
      trainData = Objects.requireNonNull(d);
      return this;
    }

    public Builder validationData(Dataset d) {
      validationData = d;
      return this;
    }

    public Builder testData(Dataset d) {
      testData = d;
      return this;
    }

    /** Transforms applied to training samples only (augmentation). */
    public Builder trainTransforms(Transform... t) {
      trainTransforms.addAll(List.of(t));
      return this;
    }

    /**
     * The learning-rate schedule and when it ticks.
     *
     * @throws IllegalStateException when {@link #settings} already declared one
     */
    public Builder schedule(Schedule s, Interval unit) {
      if (scheduleDeclaredBy != null) {
        throw new IllegalStateException("The schedule is computed by " + s.describe() + ", and the settings"
            + " declare one too (" + scheduleDeclaredBy + "); schedule settings apply to a declared @Schedule"
            + " only: leave them unset");
      }
      schedule = Objects.requireNonNull(s);
      scheduleUnit = Objects.requireNonNull(unit);
      plateau = null;
      return this;
    }

    /**
     * The schedule, early stopping and checkpoints that {@code settings} declare, as the generated trainers
     * read their annotations (the configuration comes from {@link ExperimentSettings#config}).
     */
    public Builder settings(Settings settings) {
      this.settings = Optional.of(settings);
      ExperimentSettings.schedule(settings).ifPresent(declared -> {
        schedule(declared, ExperimentSettings.scheduleUnit(settings));
        scheduleDeclaredBy = "schedule.type = " + settings.value(Setting.SCHEDULE_TYPE);
      });
      ExperimentSettings.plateau(settings).ifPresent(this::plateau);
      ExperimentSettings.earlyStopping(settings).ifPresent(this::callback);
      ExperimentSettings.checkpoint(settings).ifPresent(this::callback);
      return this;
    }

    public Builder plateau(ReduceOnPlateau p) {
      plateau = Objects.requireNonNull(p);
      return this;
    }

    /** Metrics reported for every split besides the loss (always reported). */
    public Builder metrics(Metric... m) {
      metrics.addAll(List.of(m));
      return this;
    }

    public Builder callback(Callback c) {
      callbacks.add(Objects.requireNonNull(c));
      return this;
    }

    /** Adds each of {@code cs}, as {@link #callback} does. */
    public Builder callbacks(List<? extends Callback> cs) {
      cs.forEach(this::callback);
      return this;
    }

    public Builder runDirectory(Path dir) {
      runDirectory = Objects.requireNonNull(dir);
      return this;
    }

    /** Development aids: a fast dev run, overfitting, a batch limit, the sanity validation. */
    public Builder development(DevelopmentOptions d) {
      development = Objects.requireNonNull(d);
      return this;
    }

    /**
     * What the run records: console progress, metrics files, {@code config.json}, curves, the model,
     * TensorBoard files (default: nothing; generated trainers record everything unless their options say
     * otherwise).
     */
    public Builder recording(Recording r) {
      recording = Objects.requireNonNull(r);
      return this;
    }

    /** What a resume with more epochs does with a schedule that would pass its end (default: refuse). */
    public Builder scheduleOnExtension(ScheduleOnExtension s) {
      scheduleOnExtension = Objects.requireNonNull(s);
      return this;
    }

    /**
     * The development aids, extension consent, recording, training data view and random stream of {@code options};
     * its callbacks and run directory are set with {@link #callbacks} and {@link #runDirectory}.
     */
    public Builder runOptions(RunOptions options) {
      trainDataView = options.trainDataView();
      return development(options.development()).scheduleOnExtension(options.scheduleOnExtension())
          .recording(options.recording()).randomStream(options.randomStream());
    }

    /** Which of the seed's streams of dropout masks and augmentations the run draws (default: the seed's own). */
    public Builder randomStream(RandomStream stream) {
      randomStream = Objects.requireNonNull(stream);
      return this;
    }

    /** Where warnings and notices go (default: standard error). */
    public Builder log(Consumer<String> sink) {
      log = Objects.requireNonNull(sink);
      return this;
    }

    /**
     * The trainer; building it does nothing else. It is set up (run directory locked, artifacts written, data
     * checked, session and loaders opened) on first use, or by {@link Trainer#open()}.
     *
     * @throws NullPointerException when the model, loss or training data is missing
     */
    public Trainer build() {
      Objects.requireNonNull(config, "config");
      Objects.requireNonNull(loss, "loss: call Builder.loss(...)");
      Objects.requireNonNull(model, "model: call Builder.model(...)");
      Objects.requireNonNull(trainData, "train data: call Builder.trainData(...)");
      Objects.requireNonNull(runDirectory, "runDirectory");
      return new Trainer(new TrainerDefinition(config, model, loss, trainDataView.apply(trainData), validationData,
          testData, trainTransforms, schedule, scheduleUnit, plateau, metrics, callbacks, runDirectory, log,
          development, recording, settings, scheduleOnExtension, randomStream));
    }
  }
}
