package dev.ortrain.gradients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.ortrain.artifacts.ArtifactBuilder;
import dev.ortrain.artifacts.ArtifactNames;
import dev.ortrain.artifacts.ArtifactPaths;
import dev.ortrain.artifacts.ForwardModel;
import dev.ortrain.artifacts.Optimizer;
import dev.ortrain.artifacts.TrainingArtifacts;
import dev.ortrain.checkpoint.OrtCheckpoint;
import dev.ortrain.graph.DataType;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.OnnxModels;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.graph.Tensors;
import dev.ortrain.loss.Loss;
import dev.ortrain.onnx.proto.Onnx.ModelProto;
import dev.ortrain.onnx.proto.Onnx.OperatorSetIdProto;
import dev.ortrain.onnx.proto.Onnx.ValueInfoProto;
import dev.ortrain.ort.NativeLibrary;
import dev.ortrain.session.OrtTuning;
import dev.ortrain.session.SessionConfig;
import dev.ortrain.session.StepResult;
import dev.ortrain.session.TrainingSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Numerical gradient check of one small forward graph: the analytic gradient comes from the generated
 * training model run by a real {@link TrainingSession} (plain SGD with learning rate 1, so the gradient is
 * the parameter's change), the numerical one from central differences of the loss computed by the eval
 * model in a plain {@link OrtSession} (or by the training model itself, for layers that behave differently
 * in training: batch norm, dropout).
 *
 * <p>Build the graph with {@link #graph()} from {@link #parameter parameters} (trainable initializers) and
 * {@link #input inputs}, name the prediction with {@link #predict}, then call {@link #verify}.
 */
final class GradientCheck {
  /** The value the symbolic batch dimension takes when the check runs. */
  static final long BATCH = 3;

  private boolean blockedLayout = true;

  private final String label;
  /** The value the symbolic batch dimension takes in this check. */
  private final long batch;
  private final Random random;
  private final GraphBuilder graph;
  private final Map<String, Fed> inputs = new LinkedHashMap<>();
  private final Map<String, Fed> trainingOnlyInputs = new LinkedHashMap<>();
  private final Map<String, float[]> values = new LinkedHashMap<>();
  private final List<String> trainable = new ArrayList<>();
  private final List<String> frozen = new ArrayList<>();
  private String prediction;
  private Loss loss = new ProjectionLoss();
  private Fed target;
  private double step = 1e-2;
  private double rtol = 1e-2;
  private double atol = 1e-3;
  private boolean trainingModeForward;
  private Integer opset;
  private int maxElementsPerParameter = 24;
  private GradientRegistry registry = GradientRegistry.standard();

  /** Values fed to a graph input: floats or longs, with concrete dims. */
  record Fed(long[] dims, float[] floats, long[] longs) {}

  /** What a check measured, for the report. */
  record Result(String label, int elements, double maxAbsError, double maxRelError) {}

  private GradientCheck(String label, long batch) {
    this.label = label;
    this.batch = batch;
    this.random = new Random(label.hashCode());
    this.graph = new GraphBuilder(label.replaceAll("[^A-Za-z0-9]", "_"));
  }

  static GradientCheck of(String label) {
    return new GradientCheck(label, BATCH);
  }

  /** A check whose symbolic batch dimension takes the value {@code batch} instead of {@link #BATCH}. */
  static GradientCheck ofBatch(String label, long batch) {
    return new GradientCheck(label, batch);
  }

  GraphBuilder graph() {
    return graph;
  }

  Random random() {
    return random;
  }

  /** A trainable parameter with values of magnitude 0.2..1 and random sign (away from kinks at 0). */
  String parameter(String name, long... dims) {
    return parameter(name, dims, awayFromZero(count(dims)));
  }

  String parameter(String name, long[] dims, float... v) {
    graph.initializer(Tensors.floats(name, dims, v));
    values.put(name, v.clone());
    trainable.add(name);
    return name;
  }

  /** A trainable parameter with values in 0.5..1.5 (for Log, Sqrt, Pow). */
  String positiveParameter(String name, long... dims) {
    float[] v = new float[count(dims)];
    for (int i = 0; i < v.length; i++) {
      v[i] = 0.5f + random.nextFloat();
    }
    return parameter(name, dims, v);
  }

  /** A parameter the optimizer does not touch (batch-norm statistics). */
  String frozenParameter(String name, long[] dims, float... v) {
    graph.initializer(Tensors.floats(name, dims, v));
    values.put(name, v.clone());
    frozen.add(name);
    return name;
  }

  /** A float data input; the batch dimension takes this check's batch size. */
  String input(String name, Shape shape) {
    long[] dims = shape.resolve(batch);
    return input(name, shape, awayFromZero(count(dims)));
  }

  String input(String name, Shape shape, float... v) {
    graph.input(name, TensorType.floats(shape));
    inputs.put(name, new Fed(shape.resolve(batch), v, null));
    return name;
  }

  String longInput(String name, Shape shape, long... v) {
    graph.input(name, new TensorType(DataType.INT64, shape));
    inputs.put(name, new Fed(shape.resolve(batch), null, v));
    return name;
  }

  /**
   * A batched activation that needs a gradient: data input {@code name_data} [batch, perSample] times a
   * trainable {@code name_scale} [perSample]. Lets single-op checks cover a symbolic batch dimension.
   */
  String batchedActivation(String name, long... perSample) {
    String data = input(name + "_data", Shape.batched(perSample));
    String scale = parameter(name + "_scale", perSample);
    graph.node("Mul").inputs(data, scale).outputs(name);
    graph.valueType(name, TensorType.floats(Shape.batched(perSample)));
    return name;
  }

  /** An input that only the training model has (a dropout mask); dims are the declared ones at the batch size. */
  GradientCheck trainingInput(String name, long[] dims, float... v) {
    trainingOnlyInputs.put(name, new Fed(dims, v, null));
    return this;
  }

  GradientCheck predict(String value, TensorType type) {
    graph.output(value, type);
    prediction = value;
    return this;
  }

  GradientCheck loss(Loss l) {
    this.loss = l;
    return this;
  }

  GradientCheck loss(Loss l, long[] dims, long... targets) {
    this.loss = l;
    this.target = new Fed(dims, null, targets);
    return this;
  }

  GradientCheck loss(Loss l, long[] dims, float... targets) {
    this.loss = l;
    this.target = new Fed(dims, targets, null);
    return this;
  }

  /** Finite-difference step, relative and absolute tolerance: pass if |a − n| ≤ atol + rtol·|n|. */
  GradientCheck tolerance(double finiteStep, double relative, double absolute) {
    this.step = finiteStep;
    this.rtol = relative;
    this.atol = absolute;
    return this;
  }

  GradientCheck opset(int version) {
    this.opset = version;
    return this;
  }

  /** Generates the backward pass with other rules (to show that the check catches a wrong rule). */
  GradientCheck gradients(GradientRegistry rules) {
    this.registry = rules;
    return this;
  }

  /** Runs the training model as written, without the CPU session's blocked layout (dev.ortrain.layout). */
  GradientCheck standardLayout() {
    this.blockedLayout = false;
    return this;
  }

  /** Differentiates the training model's forward (batch statistics, dropout masks) instead of the eval one. */
  GradientCheck trainingModeForward() {
    this.trainingModeForward = true;
    return this;
  }

  /** The training model's gradients of the trainable parameters (no comparison), for exact-value tests. */
  Map<String, float[]> analyticGradients(Path dir) {
    TrainingArtifacts artifacts = artifacts();
    Fed targets = target != null ? target : randomTarget(artifacts);
    Map<String, float[]> analytic = new LinkedHashMap<>();
    analyticGradients(artifacts.writeTo(dir), targets, analytic);
    return analytic;
  }

  /** The artifacts the check trains with. */
  TrainingArtifacts artifacts() {
    ModelProto model = OnnxModels.model(graph.build(), Map.of());
    return ArtifactBuilder.forModel(new ForwardModel(model, prediction, trainable, frozen))
        .loss(loss).optimizer(new Optimizer.Sgd()).gradientRegistry(registry).build();
  }

  /** Builds the artifacts, and fails with a table of mismatches when the gradients disagree. */
  Result verify(Path dir) {
    if (prediction == null) {
      throw new IllegalStateException("call predict(...) before verify()");
    }
    ModelProto model = OnnxModels.model(graph.build(), Map.of());
    if (opset != null) {
      model = model.toBuilder().setOpsetImport(0,
          OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset)).setIrVersion(opset >= 21 ? 10 : 9)
          .build();
    }
    TrainingArtifacts artifacts = ArtifactBuilder.forModel(new ForwardModel(model, prediction, trainable, frozen))
        .loss(loss).optimizer(new Optimizer.Sgd()).gradientRegistry(registry).build();
    ArtifactPaths paths = artifacts.writeTo(dir);
    Fed targets = target != null ? target : randomTarget(artifacts);
    Map<String, float[]> analytic = new LinkedHashMap<>();
    float trainLoss = analyticGradients(paths, targets, analytic);
    ModelProto forward = trainingModeForward ? artifacts.trainingModel() : artifacts.evalModel();
    return compare(forward, targets, analytic, trainLoss);
  }

  private float analyticGradients(ArtifactPaths paths, Fed targets, Map<String, float[]> out) {
    OrtEnvironment env = NativeLibrary.environment();
    List<OnnxTensor> owned = new ArrayList<>();
    try (TrainingSession s = TrainingSession.open(paths,
        SessionConfig.defaults().withThreads(1).withTuning(OrtTuning.defaults().withBlockedLayout(blockedLayout)), 1f)) {
      Map<String, OnnxTensor> feed = new LinkedHashMap<>();
      List<String> names = new ArrayList<>(s.dataInputNames());
      names.addAll(trainingOnlyInputs.keySet()); // our own masks, instead of the session's random ones
      for (String name : names) {
        feed.put(name, track(owned, tensor(env, fedFor(name, targets, true))));
      }
      StepResult result = s.trainStep(feed);
      s.optimizerStep();
      OrtCheckpoint after = s.snapshot();
      for (String p : trainable) {
        float[] before = values.get(p);
        float[] now = after.parameters().get(p).toFloats();
        float[] g = new float[before.length];
        for (int i = 0; i < g.length; i++) {
          g[i] = before[i] - now[i];
        }
        out.put(p, g);
      }
      return result.loss();
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    } finally {
      owned.forEach(OnnxTensor::close);
    }
  }

  private Result compare(ModelProto forward, Fed targets, Map<String, float[]> analytic, float trainLoss) {
    OrtEnvironment env = NativeLibrary.environment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      try (OrtSession session = env.createSession(forward.toByteArray(), options)) {
        LossFunction f = new LossFunction(env, session, forward, targets);
        double base = f.at(null, 0, 0);
        assertEquals(trainLoss, base, 1e-4 * (1 + Math.abs(base)),
            label + ": the training step's loss differs from the loss of the model used for finite differences");
        List<String> failures = new ArrayList<>();
        int checked = 0;
        double maxAbs = 0;
        double maxRel = 0;
        for (String p : trainable) {
          float[] a = analytic.get(p);
          double largest = 0;
          for (int i : elementsToCheck(a.length)) {
            float x = values.get(p)[i];
            float up = (float) (x + step);
            float down = (float) (x - step);
            double numeric = (f.at(p, i, up) - f.at(p, i, down)) / ((double) up - down);
            double err = Math.abs(a[i] - numeric);
            largest = Math.max(largest, Math.abs(numeric));
            maxAbs = Math.max(maxAbs, err);
            maxRel = Math.max(maxRel, err / Math.max(Math.abs(numeric), atol));
            checked++;
            if (!(err <= atol + rtol * Math.abs(numeric))) {
              failures.add(String.format("  %s[%d]: analytic %.6g, numeric %.6g", p, i, a[i], numeric));
            }
          }
          assertTrue(largest > 10 * atol, label + ": the gradient of " + p + " is about 0 (" + largest
              + "), so the check proves nothing; choose other values");
        }
        if (!failures.isEmpty()) {
          fail(label + ": " + failures.size() + " of " + checked + " gradient elements differ from central"
              + " differences (step " + step + ", tolerance " + atol + " + " + rtol + "·|numeric|):\n"
              + String.join("\n", failures));
        }
        System.out.printf("gradient check %-34s %4d elements  max|err| %.2e  max rel %.2e%n",
            label, checked, maxAbs, maxRel);
        return new Result(label, checked, maxAbs, maxRel);
      }
    } catch (OrtException e) {
      throw new IllegalStateException(label + ": " + e.getMessage(), e);
    }
  }

  /** The loss as a function of one parameter element, everything else fixed. */
  private final class LossFunction {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final Map<String, Fed> fixed = new LinkedHashMap<>();

    LossFunction(OrtEnvironment env, OrtSession session, ModelProto model, Fed targets) {
      this.env = env;
      this.session = session;
      for (ValueInfoProto in : model.getGraph().getInputList()) {
        String name = in.getName();
        if (values.containsKey(name)) {
          continue;
        }
        if (name.endsWith(ArtifactNames.BUFFER_SUFFIX)) {
          String p = name.substring(0, name.length() - ArtifactNames.BUFFER_SUFFIX.length());
          fixed.put(name, new Fed(dimsOf(p), new float[values.get(p).length], null));
        } else if (name.equals(ArtifactNames.LAZY_RESET_GRAD)) {
          fixed.put(name, null); // bool, created in at()
        } else if (name.equals(ArtifactNames.LOSS_SCALE)) {
          fixed.put(name, new Fed(new long[0], new float[] {1f}, null));
        } else {
          fixed.put(name, fedFor(name, targets, trainingModeForward));
        }
      }
    }

    double at(String param, int index, float value) throws OrtException {
      List<OnnxTensor> owned = new ArrayList<>();
      try {
        Map<String, OnnxTensor> feed = new LinkedHashMap<>();
        for (Map.Entry<String, Fed> e : fixed.entrySet()) {
          feed.put(e.getKey(), track(owned, e.getValue() == null
              ? OnnxTensor.createTensor(env, new boolean[] {true}) : tensor(env, e.getValue())));
        }
        for (Map.Entry<String, float[]> e : values.entrySet()) {
          float[] v = e.getValue().clone();
          if (e.getKey().equals(param)) {
            v[index] = value;
          }
          feed.put(e.getKey(), track(owned, tensor(env, new Fed(dimsOf(e.getKey()), v, null))));
        }
        try (OrtSession.Result r = session.run(feed, Set.of(Loss.LOSS))) {
          return ((OnnxTensor) r.get(0)).getFloatBuffer().get(0);
        }
      } finally {
        owned.forEach(OnnxTensor::close);
      }
    }
  }

  private Fed fedFor(String name, Fed targets, boolean training) {
    if (name.equals(Loss.TARGET)) {
      return targets;
    }
    Fed fed = inputs.get(name);
    if (fed == null && training) {
      fed = trainingOnlyInputs.get(name);
    }
    if (fed == null) {
      throw new IllegalStateException(label + ": no values for input '" + name + "'; add them with input()"
          + " or trainingInput()");
    }
    return fed;
  }

  private Fed randomTarget(TrainingArtifacts artifacts) {
    for (ValueInfoProto in : artifacts.evalModel().getGraph().getInputList()) {
      if (in.getName().equals(Loss.TARGET)) {
        long[] dims = TensorType.fromProto(in.getType()).shape().resolve(batch);
        return new Fed(dims, awayFromZero(count(dims)), null);
      }
    }
    throw new IllegalStateException("the loss declares no target input");
  }

  private long[] dimsOf(String param) {
    return Tensors.dims(graph.initializerOf(param));
  }

  private List<Integer> elementsToCheck(int n) {
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      all.add(i);
    }
    Collections.shuffle(all, random);
    return all.subList(0, Math.min(n, maxElementsPerParameter));
  }

  float[] awayFromZero(int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (0.2f + 0.8f * random.nextFloat()) * (random.nextBoolean() ? 1 : -1);
    }
    return v;
  }

  static int count(long[] dims) {
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    return Math.toIntExact(n);
  }

  private static OnnxTensor tensor(OrtEnvironment env, Fed fed) throws OrtException {
    return fed.floats() != null
        ? OnnxTensor.createTensor(env, FloatBuffer.wrap(fed.floats()), fed.dims())
        : OnnxTensor.createTensor(env, LongBuffer.wrap(fed.longs()), fed.dims());
  }

  private static OnnxTensor track(List<OnnxTensor> owned, OnnxTensor t) {
    owned.add(t);
    return t;
  }
}
