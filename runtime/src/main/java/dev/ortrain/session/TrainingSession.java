package dev.ortrain.session;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxTensorLike;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtTrainingSession;
import ai.onnxruntime.TensorInfo;
import dev.ortrain.artifacts.ArtifactPaths;
import dev.ortrain.checkpoint.OrtCheckpoint;
import dev.ortrain.graph.DataType;
import dev.ortrain.graph.OnnxModels;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.onnx.proto.Onnx.ModelProto;
import dev.ortrain.ort.Device;
import dev.ortrain.ort.NativeLibrary;
import dev.ortrain.ort.ProcessSeed;
import dev.ortrain.ort.RuntimeGenerator;
import dev.ortrain.ort.SessionOptionsFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One ONNX Runtime training session over a set of artifacts: train step, eval step, optimizer step,
 * gradient reset, learning rate, checkpoint save and inference export. Not thread-safe; close it (it holds
 * native memory).
 *
 * <p>Inputs are checked against the models' declared names, element types and shapes before they reach
 * native code, and passed in the positional order ONNX Runtime binds them by. The learning rate is
 * re-applied after every session creation because ONNX Runtime does not persist it.
 *
 * <p>The session's seed chooses the dropout masks it feeds ({@link DropoutMasks}); ortrain's graphs draw nothing
 * from ONNX Runtime's process-wide generator, so sessions with different seeds may be open together. Foreign
 * artifacts that draw from it seed it and hold it while open ({@link ProcessSeed}).
 */
public final class TrainingSession implements AutoCloseable {
  private static final int MAX_CACHED_LOSS_SCALES = 8;
  private final OrtEnvironment env;
  private final OrtTrainingSession session;
  private final OrtSession.SessionOptions options;
  private final ArtifactPaths paths;
  private final DeviceArtifacts deviceArtifacts;
  private final ProcessSeed.Claim seedClaim;
  private final SessionMetadata metadata;
  private final StepPlan train;
  private final StepPlan eval;
  private final List<String> dataInputs;
  private final Map<Float, OnnxTensor> lossScales = new LinkedHashMap<>();
  private final DropoutMasks dropoutMasks;
  private long trainSteps;
  private boolean closed;

  /** What one kind of step binds and returns: its inputs in binding order, their types, its outputs. */
  private record StepPlan(StepKind kind, List<String> inputs, ModelSignature signature, PinnedOutputs pinned,
      StepOutputs outputs) {}

  /**
   * @param artifacts the models as this device opens them (the session deletes them on close)
   * @param seedClaim ONNX Runtime's generator, where the graphs draw from it (released on close)
   */
  private TrainingSession(ArtifactPaths paths, ModelSignature trainSignature, ModelSignature evalSignature,
      DeviceArtifacts artifacts, ProcessSeed.Claim seedClaim, SessionConfig config, float learningRate) {
    this.env = NativeLibrary.environment();
    this.paths = paths;
    this.deviceArtifacts = artifacts;
    this.seedClaim = seedClaim;
    this.options = SessionOptionsFactory.create(config);
    this.session = createSession(artifacts.paths(), paths, env, options);
    this.metadata = SessionMetadata.of(trainSignature);
    this.dropoutMasks = new DropoutMasks(env, config.seed(), metadata.dropoutRatios(), trainSignature.inputs);
    boolean cpu = config.device() instanceof Device.Cpu;
    this.train = plan(StepKind.TRAIN, session.getTrainInputNames(), trainSignature, session.getTrainOutputNames(), cpu);
    this.eval = plan(StepKind.EVAL, session.getEvalInputNames(), evalSignature, session.getEvalOutputNames(), cpu);
    this.dataInputs = suppliedBy(train.inputs()); // asked for on every step by the trainer: computed once
    setLearningRate(learningRate);
  }

  private static OrtTrainingSession createSession(ArtifactPaths run, ArtifactPaths paths, OrtEnvironment env,
      OrtSession.SessionOptions options) {
    try {
      return env.createTrainingSession(run.checkpoint().toString(), run.trainingModel().toString(),
          run.evalModel().toString(), run.optimizerModel().toString(), options);
    } catch (OrtException e) {
      options.close();
      throw new TrainingSessionException("ONNX Runtime rejected the training artifacts in "
          + paths.trainingModel().getParent() + ": " + e.getMessage(), e);
    }
  }

  private StepPlan plan(StepKind kind, Collection<String> inputs, ModelSignature signature, Collection<String> outputs,
      boolean cpu) {
    List<String> outputOrder = List.copyOf(outputs);
    return new StepPlan(kind, List.copyOf(inputs), signature,
        new PinnedOutputs(env, signature.outputs, outputOrder, cpu),
        StepOutputs.of(outputOrder, signature.outputs, metadata));
  }

  /** The inputs of a train step that the caller supplies: all but those the session feeds itself. */
  private List<String> suppliedBy(List<String> trainInputs) {
    List<String> supplied = new ArrayList<>(trainInputs);
    supplied.remove(metadata.lossScaleInput());
    supplied.removeIf(dropoutMasks::handles);
    return List.copyOf(supplied);
  }

  /**
   * Opens a session on artifacts with the given learning rate. The artifacts are checked in Java first, so that
   * a missing or corrupt file fails with a clear message rather than in native code.
   *
   * @throws IllegalStateException when the training graph draws from ONNX Runtime's process-wide generator
   *     and another open session does too ({@link ProcessSeed})
   */
  public static TrainingSession open(ArtifactPaths paths, SessionConfig config, float learningRate) {
    OrtEnvironment env = NativeLibrary.environment();
    ArtifactPaths existing = paths.requireExisting();
    ModelProto trainingModel = OnnxModels.read(existing.trainingModel());
    ModelSignature trainSignature = new ModelSignature(trainingModel);
    ModelSignature evalSignature = new ModelSignature(OnnxModels.read(existing.evalModel()));
    OrtCheckpoint.read(existing.checkpoint());
    DeviceArtifacts artifacts = DeviceArtifacts.prepare(existing, trainingModel, config, env);
    ProcessSeed.Claim seed = null;
    try {
      seed = ProcessSeed.claim(RuntimeGenerator.drawnFromBy(trainingModel), config.seed());
      return new TrainingSession(existing, trainSignature, evalSignature, artifacts, seed, config, learningRate);
    } catch (RuntimeException e) {
      artifacts.close();
      if (seed != null) {
        seed.close();
      }
      throw e;
    }
  }

  /** The user inputs of the training model, in the order ONNX Runtime binds them. */
  public List<String> trainInputNames() {
    return train.inputs();
  }

  /** The user inputs the caller supplies for a train step (those the session feeds itself excluded). */
  public List<String> dataInputNames() {
    return dataInputs;
  }

  /**
   * The number of train steps (micro-batches) run so far; it selects the dropout masks. Saved with a
   * checkpoint and restored with {@link #restoreTrainSteps} for an exact resume.
   */
  public long trainSteps() {
    return trainSteps;
  }

  public void restoreTrainSteps(long steps) {
    if (steps < 0) {
      throw new IllegalArgumentException("steps must be >= 0, got " + steps);
    }
    this.trainSteps = steps;
  }

  public List<String> evalInputNames() {
    return eval.inputs();
  }

  /** Whether train steps hand ONNX Runtime pinned output buffers ({@link PinnedOutputs}). */
  boolean trainOutputsPinned() {
    return train.pinned().pinnable();
  }

  /** Whether train steps report the gradient norm (ortrain's artifacts do; foreign ones may not). */
  public boolean reportsGradNorm() {
    return metadata.gradNormOutput() != null;
  }

  /** The declared type of a training-model input. */
  public Optional<TensorType> inputType(String name) {
    return Optional.ofNullable(train.signature().inputs.get(name));
  }

  public ArtifactPaths paths() {
    return paths;
  }

  public OrtEnvironment environment() {
    return env;
  }

  /** Forward, backward and gradient accumulation on one batch, with loss scale 1. */
  public StepResult trainStep(Map<String, ? extends OnnxTensorLike> inputs) {
    return trainStep(inputs, 1f);
  }

  /**
   * Forward, backward and gradient accumulation on one micro-batch. Gradients are summed into the buffers
   * until {@link #resetGradients()}; pass {@code lossScale = 1/k} over a window of k micro-batches to get
   * their mean.
   */
  public StepResult trainStep(Map<String, ? extends OnnxTensorLike> inputs, float lossScale) {
    return trainStep(inputs, lossScale, true);
  }

  /**
   * {@link #trainStep(Map, float)}, copying the prediction out of ONNX Runtime only when {@code withPrediction}
   * (loss-only metrics need none: the copy and its array are per-step garbage otherwise).
   */
  public StepResult trainStep(Map<String, ? extends OnnxTensorLike> inputs, float lossScale, boolean withPrediction) {
    checkOpen();
    Map<String, OnnxTensorLike> ordered = order(train, inputs, lossScale);
    PinnedOutputs.Step pinned = train.pinned().forBatch(batchSize(inputs));
    try (OrtSession.Result result = pinned == null ? session.trainStep(ordered)
        : session.trainStep(ordered, pinned.values())) {
      trainSteps++;
      return train.outputs().read(pinned == null ? new ResultValues(result) : pinned, withPrediction);
    } catch (OrtException e) {
      throw new TrainingSessionException("Train step failed: " + e.getMessage() + train.pinned().explain(pinned, e), e);
    }
  }

  /** Forward pass of the eval model (no gradients, inference-mode layers). */
  public StepResult evalStep(Map<String, ? extends OnnxTensorLike> inputs) {
    return evalStep(inputs, true);
  }

  /** {@link #evalStep(Map)}, copying the prediction out only when {@code withPrediction}. */
  public StepResult evalStep(Map<String, ? extends OnnxTensorLike> inputs, boolean withPrediction) {
    checkOpen();
    Map<String, OnnxTensorLike> ordered = order(eval, inputs, 1f);
    PinnedOutputs.Step pinned = eval.pinned().forBatch(batchSize(inputs));
    try (OrtSession.Result result = pinned == null ? session.evalStep(ordered)
        : session.evalStep(ordered, pinned.values())) {
      return eval.outputs().read(pinned == null ? new ResultValues(result) : pinned, withPrediction);
    } catch (OrtException e) {
      throw new TrainingSessionException("Eval step failed: " + e.getMessage() + eval.pinned().explain(pinned, e), e);
    }
  }

  /** Applies the accumulated gradients (clipped first when the artifacts clip). */
  public void optimizerStep() {
    checkOpen();
    try {
      session.optimizerStep();
    } catch (OrtException e) {
      throw new TrainingSessionException("Optimizer step failed: " + e.getMessage(), e);
    }
  }

  /** Discards the accumulated gradients: the next train step overwrites the buffers instead of adding. */
  public void resetGradients() {
    checkOpen();
    try {
      session.lazyResetGrad();
    } catch (OrtException e) {
      throw new TrainingSessionException("Gradient reset failed: " + e.getMessage(), e);
    }
  }

  public void setLearningRate(float lr) {
    checkOpen();
    if (!(lr >= 0) || Float.isInfinite(lr)) {
      throw new IllegalArgumentException("Learning rate must be a finite value >= 0, got " + lr);
    }
    try {
      session.setLearningRate(lr);
    } catch (OrtException e) {
      throw new TrainingSessionException("Setting the learning rate failed: " + e.getMessage(), e);
    }
  }

  /** The learning rate ONNX Runtime will use for the next optimizer step (read from the session itself). */
  public float learningRate() {
    checkOpen();
    try {
      return session.getLearningRate();
    } catch (OrtException e) {
      throw new TrainingSessionException("Reading the learning rate failed: " + e.getMessage(), e);
    }
  }

  /**
   * Saves parameters (and, when asked, the optimizer state) to {@code file}. Written to a sibling temporary
   * file and moved into place, so an interrupted save never leaves a truncated checkpoint under that name.
   */
  public void saveCheckpoint(Path file, boolean includeOptimizerState) {
    checkOpen();
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".part");
      try {
        session.saveCheckpoint(tmp, includeOptimizerState);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (OrtException e) {
      throw new TrainingSessionException("Saving checkpoint " + file + " failed: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("Saving checkpoint " + file + " failed: " + e.getClass().getSimpleName()
          + " (" + e.getMessage() + ")", e);
    }
  }

  /** The current parameters (and optimizer state), read through a temporary checkpoint. */
  public OrtCheckpoint snapshot() {
    try {
      Path tmp = Files.createTempFile("ortrain-snapshot", ".ckpt");
      try {
        saveCheckpoint(tmp, true);
        return OrtCheckpoint.read(tmp);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a temporary checkpoint file", e);
    }
  }

  /**
   * Writes an inference model with the current parameters baked in, computing the given outputs of the eval
   * model (the prediction when none are given).
   */
  public void exportInferenceModel(Path file, String... outputs) {
    checkOpen();
    String[] names = outputs.length > 0 ? outputs : new String[] {requirePrediction()};
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      session.exportModelForInference(file, names);
    } catch (OrtException e) {
      throw new TrainingSessionException("Exporting the inference model failed: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create directory for " + file, e);
    }
  }

  /** A float tensor over a direct buffer (no copy), owned by the caller. */
  public OnnxTensor floatTensor(FloatBuffer data, long... shape) {
    try {
      return OnnxTensor.createTensor(env, data, shape);
    } catch (OrtException e) {
      throw new TrainingSessionException("Cannot create tensor: " + e.getMessage(), e);
    }
  }

  /** An int64 tensor over a direct buffer (no copy), owned by the caller. */
  public OnnxTensor longTensor(java.nio.LongBuffer data, long... shape) {
    try {
      return OnnxTensor.createTensor(env, data, shape);
    } catch (OrtException e) {
      throw new TrainingSessionException("Cannot create tensor: " + e.getMessage(), e);
    }
  }

  private String requirePrediction() {
    if (metadata.predictionOutput() == null) {
      throw new IllegalStateException("These artifacts do not name their prediction output; pass the output"
          + " names to export explicitly");
    }
    return metadata.predictionOutput();
  }

  private Map<String, OnnxTensorLike> order(StepPlan plan, Map<String, ? extends OnnxTensorLike> given,
      float lossScale) {
    Map<String, OnnxTensorLike> ordered = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    boolean trains = plan.kind() == StepKind.TRAIN; // only a train step has inputs the session feeds itself
    for (String name : plan.inputs()) {
      if (trains && name.equals(metadata.lossScaleInput())) {
        ordered.put(name, lossScaleTensor(lossScale));
        continue;
      }
      if (trains && dropoutMasks.handles(name) && !given.containsKey(name)) {
        long batch = batchSize(given);
        if (batch < 0) {
          throw new IllegalArgumentException("Cannot tell the batch size: no input has a batch dimension");
        }
        ordered.put(name, dropoutMasks.mask(name, trainSteps, batch));
        continue;
      }
      OnnxTensorLike t = given.get(name);
      if (t == null) {
        missing.add(name);
        continue;
      }
      check(plan.kind(), name, t, plan.signature().inputs.get(name));
      ordered.put(name, t);
    }
    List<String> unknown = new ArrayList<>();
    for (String name : given.keySet()) {
      if (!plan.inputs().contains(name)) {
        unknown.add(name);
      }
    }
    if (!missing.isEmpty() || !unknown.isEmpty()) {
      List<String> needed = trains ? suppliedBy(plan.inputs()) : plan.inputs();
      throw new IllegalArgumentException("The " + plan.kind().label() + " step needs inputs " + needed
          + (missing.isEmpty() ? "" : "; missing " + missing)
          + (unknown.isEmpty() ? "" : "; not inputs of the model: " + unknown));
    }
    return ordered;
  }

  /**
   * The batch size of a step, which dropout masks and pinned outputs are sized by: the first dimension of its
   * first given input that has one; -1 when none has.
   */
  private static long batchSize(Map<String, ? extends OnnxTensorLike> given) {
    for (OnnxTensorLike t : given.values()) {
      long[] shape = t.getInfo().getShape();
      if (shape.length > 0) {
        return shape[0];
      }
    }
    return -1;
  }

  private static void check(StepKind step, String name, OnnxTensorLike value, TensorType declared) {
    if (declared == null) {
      return;
    }
    TensorInfo info = value.getInfo();
    DataType expectedType = declared.dataType();
    if (javaType(expectedType) != info.type) {
      throw new IllegalArgumentException("Input '" + name + "' of the " + step.label() + " step must be "
          + expectedType + " (" + declared + "), got " + info.type);
    }
    long[] shape = info.getShape();
    Shape s = declared.shape();
    boolean ok = shape.length == s.rank();
    for (int i = 0; ok && i < shape.length; i++) {
      ok = !s.isKnown(i) || s.size(i) == shape[i];
    }
    if (!ok) {
      throw new IllegalArgumentException("Input '" + name + "' of the " + step.label() + " step must have shape "
          + s + ", got " + java.util.Arrays.toString(shape));
    }
  }

  private static OnnxJavaType javaType(DataType t) {
    return switch (t) {
      case FLOAT -> OnnxJavaType.FLOAT;
      case DOUBLE -> OnnxJavaType.DOUBLE;
      case INT64 -> OnnxJavaType.INT64;
      case INT32 -> OnnxJavaType.INT32;
      case INT8 -> OnnxJavaType.INT8;
      case UINT8 -> OnnxJavaType.UINT8;
      case BOOL -> OnnxJavaType.BOOL;
      case FLOAT16 -> OnnxJavaType.FLOAT16;
      case BFLOAT16 -> OnnxJavaType.BFLOAT16;
    };
  }

  private OnnxTensor lossScaleTensor(float scale) {
    OnnxTensor cached = lossScales.get(scale);
    if (cached != null) {
      return cached;
    }
    if (lossScales.size() >= MAX_CACHED_LOSS_SCALES) {
      // The trainer uses one or two scales per run; a caller varying it every step must not leak tensors.
      Float oldest = lossScales.keySet().iterator().next();
      lossScales.remove(oldest).close();
    }
    try {
      OnnxTensor t = OnnxTensor.createTensor(env, scale);
      lossScales.put(scale, t);
      return t;
    } catch (OrtException e) {
      throw new TrainingSessionException("Cannot create the loss-scale tensor", e);
    }
  }


  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("The training session is closed");
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    lossScales.values().forEach(OnnxTensor::close);
    dropoutMasks.close();
    train.pinned().close();
    eval.pinned().close();
    try {
      session.close();
    } finally {
      options.close();
      deviceArtifacts.close();
      seedClaim.close();
    }
  }
}
