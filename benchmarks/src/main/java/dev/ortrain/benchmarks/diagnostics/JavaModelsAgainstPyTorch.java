package dev.ortrain.benchmarks.diagnostics;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import dev.ortrain.annotations.ScheduleType;
import dev.ortrain.annotations.Unit;
import dev.ortrain.callbacks.BatchOutcome;
import dev.ortrain.callbacks.Callback;
import dev.ortrain.callbacks.TrainingContext;
import dev.ortrain.examples.FashionMnistData;
import dev.ortrain.loop.BatchLimit;
import dev.ortrain.loop.DevelopmentOptions;
import dev.ortrain.loop.FitResult;
import dev.ortrain.loop.RegisteredExperiment;
import dev.ortrain.loop.RunOptions;
import dev.ortrain.loop.Trainer;
import dev.ortrain.recording.Recording;
import dev.ortrain.settings.Setting;
import dev.ortrain.settings.Settings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The examples' models written with the Java model API ({@code FashionMnistResNet}, {@code FashionMnistVit},
 * {@code FashionMnistLstm}) against the same models in PyTorch ({@code benchmarks/python/java_models_peer.py}),
 * on the full Fashion-MNIST, in one run: for each model, ortrain trains the annotated experiment as annotated,
 * then PyTorch trains its twin with the same settings, never both at once. Reports each one's test accuracy
 * after the epochs and the wall seconds of each epoch's training batches (validation not included), and the
 * ratio of PyTorch's median epoch time to ortrain's (above 1: ortrain is faster).
 *
 * <p>Run from the repository root after {@code mvn -B -q install -DskipTests}:
 * {@code mvn -B -q -pl benchmarks exec:java -Dexec.mainClass=dev.ortrain.benchmarks.diagnostics.JavaModelsAgainstPyTorch
 * -Dexec.args="--python /opt/torchenv/bin/python"}; {@code --help} lists the options ({@code --models},
 * {@code --epochs}, {@code --batches} for a smoke run, {@code --threads}, {@code --data}).
 */
public final class JavaModelsAgainstPyTorch {
  private JavaModelsAgainstPyTorch() {}

  /** A model of the examples: its annotated experiment and its name in the peer script. */
  enum JavaModel {
    RESNET("FashionMnistResNet", "resnet"), VIT("FashionMnistVit", "vit"), LSTM("FashionMnistLstm", "lstm");

    final String experiment;
    final String peerName;

    JavaModel(String experiment, String peerName) {
      this.experiment = experiment;
      this.peerName = peerName;
    }

    static JavaModel named(String name) {
      for (JavaModel m : values()) {
        if (m.peerName.equals(name)) {
          return m;
        }
      }
      throw new IllegalArgumentException("Unknown model '" + name + "'; choose from resnet, vit, lstm");
    }
  }

  /**
   * What to run.
   *
   * @param epochs epochs of every model, with the cosine fitted to them; 0 keeps each experiment's own
   * @param batches training batches per epoch, for a smoke run; 0 trains on all of them
   */
  record Options(List<JavaModel> models, int epochs, int batches, int threads, String python, Path peer,
      Path data) {
    static final String USAGE = "Options: --models resnet,vit,lstm  --epochs N (0: the experiment's)"
        + "  --batches N (0: all)  --threads N (2)  --python EXE (python3, with torch 2.13)"
        + "  --peer FILE (benchmarks/python/java_models_peer.py)  --data DIR (" + FashionMnistData.DEBIAN + ")";

    static Options parse(String[] args) {
      Options o = new Options(List.of(JavaModel.values()), 0, 0, 2, "python3",
          Path.of("benchmarks/python/java_models_peer.py"), FashionMnistData.DEBIAN);
      for (int i = 0; i < args.length; i++) {
        String flag = args[i];
        if (flag.equals("--help")) {
          System.out.println(USAGE);
          System.exit(0);
        }
        if (i + 1 == args.length) {
          throw new IllegalArgumentException("Option " + flag + " needs a value. " + USAGE);
        }
        String v = args[++i];
        o = switch (flag) {
          case "--models" -> new Options(Arrays.stream(v.split(",")).map(String::strip).map(JavaModel::named)
              .toList(), o.epochs, o.batches, o.threads, o.python, o.peer, o.data);
          case "--epochs" -> new Options(o.models, Integer.parseInt(v), o.batches, o.threads, o.python, o.peer, o.data);
          case "--batches" -> new Options(o.models, o.epochs, Integer.parseInt(v), o.threads, o.python, o.peer, o.data);
          case "--threads" -> new Options(o.models, o.epochs, o.batches, Integer.parseInt(v), o.python, o.peer, o.data);
          case "--python" -> new Options(o.models, o.epochs, o.batches, o.threads, v, o.peer, o.data);
          case "--peer" -> new Options(o.models, o.epochs, o.batches, o.threads, o.python, Path.of(v), o.data);
          case "--data" -> new Options(o.models, o.epochs, o.batches, o.threads, o.python, o.peer, Path.of(v));
          default -> throw new IllegalArgumentException("Unknown option " + flag + ". " + USAGE);
        };
      }
      return o;
    }
  }

  /** One framework's run of one model. */
  record Outcome(String framework, int epochs, int batchesPerEpoch, List<Double> trainSeconds, double testAccuracy) {
    double medianSeconds() {
      double[] s = trainSeconds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
  }

  /** Times each epoch's training batches: from the epoch's start to its validation (or its end). */
  private static final class EpochClock implements Callback {
    private final List<Double> seconds = new ArrayList<>();
    private long start;
    private boolean running;
    private int batches;

    @Override
    public void onEpochBegin(TrainingContext ctx) {
      running = true;
      start = System.nanoTime();
    }

    @Override
    public void onBatchEnd(TrainingContext ctx, BatchOutcome outcome) {
      if (seconds.isEmpty()) {
        batches++;
      }
    }

    @Override
    public void onValidationBegin(TrainingContext ctx) {
      stop(ctx);
    }

    @Override
    public void onEpochEnd(TrainingContext ctx) {
      stop(ctx);
    }

    private void stop(TrainingContext ctx) {
      if (running) {
        running = false;
        seconds.add((System.nanoTime() - start) / 1e9);
        System.err.printf("ortrain epoch %d: %.1f s training%n", ctx.epoch() + 1, seconds.get(seconds.size() - 1));
      }
    }
  }

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    System.setProperty(FashionMnistData.DATA_PROPERTY, options.data().toString());
    StringBuilder table = new StringBuilder(String.join("\n",
        "| model | epochs | batches per epoch | ortrain test accuracy | PyTorch test accuracy | ortrain s per epoch"
            + " (median) | PyTorch s per epoch (median) | PyTorch time / ortrain time |",
        "|---|---|---|---|---|---|---|---|", ""));
    for (JavaModel model : options.models()) {
      RegisteredExperiment experiment = find(model.experiment);
      Settings settings = effective(experiment.defaultSettings(), options);
      Outcome ortrain = trainWithOrtrain(experiment, settings, options);
      Outcome pytorch = trainWithPyTorch(model, settings, options);
      table.append(String.format("| %s | %d | %d | %.4f | %.4f | %.1f | %.1f | %.2fx |%n", model.experiment,
          ortrain.epochs(), ortrain.batchesPerEpoch(), ortrain.testAccuracy(), pytorch.testAccuracy(),
          ortrain.medianSeconds(), pytorch.medianSeconds(), pytorch.medianSeconds() / ortrain.medianSeconds()));
      System.err.println(model.experiment + ": ortrain " + ortrain + "; " + pytorch);
    }
    System.out.printf("%s, %d processors, %d threads, %s, data %s%n%n%s", Instant.now(),
        Runtime.getRuntime().availableProcessors(), options.threads(), System.getProperty("java.vm.name") + " "
            + System.getProperty("java.version"), options.data(), table);
  }

  static RegisteredExperiment find(String name) {
    return ServiceLoader.load(RegisteredExperiment.class).stream().map(ServiceLoader.Provider::get)
        .filter(e -> e.name().equals(name)).findFirst().orElseThrow(() -> new IllegalStateException("Experiment "
            + name + " is not on the class path; build the examples module (mvn -B -q install -DskipTests)"));
  }

  /** The experiment's settings with the run's threads, and its epochs (the cosine fitted to them) if given. */
  static Settings effective(Settings annotated, Options options) {
    Settings s = annotated.with(Setting.THREADS, options.threads());
    if (options.epochs() > 0) {
      s = s.with(Setting.EPOCHS, options.epochs()).with(Setting.T_MAX, (long) options.epochs());
    }
    if (s.choice(Setting.SCHEDULE_TYPE, ScheduleType.class) != ScheduleType.COSINE
        || s.choice(Setting.SCHEDULE_UNIT, Unit.class) != Unit.EPOCH || s.whole(Setting.WARMUP_STEPS) != 0) {
      throw new IllegalStateException("The PyTorch peer follows a cosine per epoch without warm-up, as the"
          + " examples' Java models use; this experiment's schedule is "
          + s.choice(Setting.SCHEDULE_TYPE, ScheduleType.class) + " per " + s.choice(Setting.SCHEDULE_UNIT, Unit.class)
          + "; teach java_models_peer.py its schedule first");
    }
    return s;
  }

  private static Outcome trainWithOrtrain(RegisteredExperiment experiment, Settings settings, Options options)
      throws IOException {
    EpochClock clock = new EpochClock();
    DevelopmentOptions development = DevelopmentOptions.defaults().withSanityValidationBatches(0);
    if (options.batches() > 0) {
      development = development.withTrainBatchLimit(BatchLimit.batches(options.batches()));
    }
    RunOptions run = RunOptions.defaults().withSettingsOverride(s -> settings)
        .withRunDirectory(Files.createTempDirectory("ortrain-java-models")).withCallbacks(List.of(clock))
        .withRecording(Recording.nothing()).withDevelopment(development);
    try (Trainer trainer = experiment.create(run)) {
      FitResult result = trainer.fit();
      double accuracy = trainer.test().get("test_accuracy");
      return new Outcome("ortrain", result.epochsCompleted(), clock.batches, List.copyOf(clock.seconds), accuracy);
    }
  }

  private static Outcome trainWithPyTorch(JavaModel model, Settings s, Options options) throws Exception {
    List<String> command = List.of(options.python(), options.peer().toString(), "--model", model.peerName,
        "--data", options.data().toString(), "--epochs", String.valueOf(s.integer(Setting.EPOCHS)),
        "--batch", String.valueOf(s.integer(Setting.BATCH_SIZE)),
        "--lr", String.valueOf(s.number(Setting.LEARNING_RATE)), "--weight-decay", String.valueOf(s.weightDecay()),
        "--t-max", String.valueOf(s.whole(Setting.T_MAX)),
        "--min-lr", String.valueOf(s.number(Setting.MIN_LEARNING_RATE)),
        "--threads", String.valueOf(options.threads()), "--seed", String.valueOf(s.whole(Setting.SEED)),
        "--batches", String.valueOf(options.batches()));
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String last = null;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        last = line;
      }
    }
    if (p.waitFor() != 0 || last == null) {
      throw new IllegalStateException("The PyTorch peer failed (exit " + p.exitValue() + "): " + String.join(" ",
          command));
    }
    JsonObject r = new Gson().fromJson(last, JsonObject.class);
    List<Double> seconds = new ArrayList<>();
    r.getAsJsonArray("train_seconds").forEach(e -> seconds.add(e.getAsDouble()));
    return new Outcome(r.get("framework").getAsString(), r.get("epochs").getAsInt(),
        r.get("batches_per_epoch").getAsInt(), seconds, r.get("test_accuracy").getAsDouble());
  }
}
