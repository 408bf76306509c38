package dev.ortrain.artifacts;

import dev.ortrain.checkpoint.NamedTensor;
import dev.ortrain.checkpoint.OrtCheckpoint;
import dev.ortrain.gradients.DropoutMask;
import dev.ortrain.gradients.GradientBuilder;
import dev.ortrain.gradients.GradientRegistry;
import dev.ortrain.gradients.TrainingRewrite;
import dev.ortrain.graph.DataType;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.OnnxModels;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.graph.Tensors;
import dev.ortrain.loss.Loss;
import dev.ortrain.onnx.proto.Onnx.GraphProto;
import dev.ortrain.onnx.proto.Onnx.ModelProto;
import dev.ortrain.onnx.proto.Onnx.TensorProto;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Generates ONNX Runtime's four training artifacts from a forward model and a loss: the training model
 * (forward, loss, backward and gradient accumulation), the eval model, the optimizer model and the
 * checkpoint. The output is deterministic: the same inputs give the same bytes.
 */
public final class ArtifactBuilder {
  private final ForwardModel forward;
  private Loss loss;
  private Optimizer optimizer = Optimizer.AdamW.defaults();
  private Float clipGradNorm;
  private GradientRegistry gradients = GradientRegistry.standard();
  private Path externalDataDir;

  private ArtifactBuilder(ForwardModel forward) {
    this.forward = Objects.requireNonNull(forward, "forward");
  }

  public static ArtifactBuilder forModel(ForwardModel forward) {
    return new ArtifactBuilder(forward);
  }

  public ArtifactBuilder loss(Loss value) {
    this.loss = Objects.requireNonNull(value, "loss");
    return this;
  }

  public ArtifactBuilder optimizer(Optimizer value) {
    this.optimizer = Objects.requireNonNull(value, "optimizer");
    return this;
  }

  /** Clips the accumulated gradient by its global L2 norm before every optimizer step. */
  public ArtifactBuilder clipGradNorm(float maxNorm) {
    if (!(maxNorm > 0) || Float.isInfinite(maxNorm)) {
      throw new IllegalArgumentException("clipGradNorm must be a finite value > 0, got " + maxNorm);
    }
    this.clipGradNorm = maxNorm;
    return this;
  }

  public ArtifactBuilder gradientRegistry(GradientRegistry registry) {
    this.gradients = Objects.requireNonNull(registry, "registry");
    return this;
  }

  /** Directory against which initializers stored as external data resolve. */
  public ArtifactBuilder externalDataDirectory(Path dir) {
    this.externalDataDir = dir;
    return this;
  }

  public TrainingArtifacts build() {
    if (loss == null) {
      throw new IllegalStateException("No loss set: call loss(...) before build()");
    }
    if (clipGradNorm != null && optimizer instanceof Optimizer.Sgd sgd && sgd.needsGraphState()) {
      throw new IllegalStateException("clipGradNorm cannot be combined with SGD momentum or weight decay:"
          + " ONNX Runtime clips the buffer the optimizer applies, which then already holds the momentum."
          + " Use AdamW, or plain SGD, with clipping.");
    }
    if (forward.trainable().isEmpty()) {
      throw new IllegalStateException("The model has no trainable parameter");
    }
    Map<String, TensorProto> values = parameterValues();
    ModelProto training = trainingModel(values);
    ModelProto eval = evalModel(values);
    ModelProto optimizerModel = OptimizerModels.build(optimizer, clipGradNorm);
    List<NamedTensor> trainable = new ArrayList<>();
    List<NamedTensor> frozen = new ArrayList<>();
    for (String p : forward.trainable()) {
      trainable.add(toNamed(values.get(p)));
    }
    for (String p : forward.frozen()) {
      frozen.add(toNamed(values.get(p)));
    }
    if (sgdMomentum() > 0) {
      for (NamedTensor t : List.copyOf(trainable)) {
        frozen.add(new NamedTensor(momentumName(t.name()), t.dataType(), t.dims(), new byte[t.data().length]));
      }
    }
    return new TrainingArtifacts(training, eval, optimizerModel, OrtCheckpoint.ofParameters(trainable, frozen));
  }

  private Map<String, TensorProto> parameterValues() {
    Map<String, TensorProto> byName = new LinkedHashMap<>();
    for (TensorProto t : forward.model().getGraph().getInitializerList()) {
      byName.put(t.getName(), t);
    }
    Map<String, TensorProto> values = new LinkedHashMap<>();
    for (String p : forward.parameters()) {
      TensorProto t = Tensors.inline(byName.get(p), externalDataDir);
      if (forward.trainable().contains(p) && t.getDataType() != DataType.FLOAT.onnxCode()) {
        throw new IllegalArgumentException("Trainable parameter '" + p + "' is "
            + DataType.fromOnnx(t.getDataType()) + "; ONNX Runtime trains float32 parameters only");
      }
      values.put(p, t);
    }
    return values;
  }

  private static NamedTensor toNamed(TensorProto t) {
    return new NamedTensor(t.getName(), DataType.fromOnnx(t.getDataType()), Tensors.dims(t),
        Tensors.littleEndianBytes(t, null));
  }

  /** Forward graph with parameters turned from initializers into inputs, in parameter order. */
  private GraphBuilder withParameterInputs(String name, Map<String, TensorProto> values) {
    GraphProto source = forward.model().getGraph().toBuilder().setName(name).build();
    GraphBuilder g = GraphBuilder.from(source);
    for (String p : forward.parameters()) {
      TensorProto t = g.removeInitializer(p);
      g.input(p, new TensorType(DataType.fromOnnx(t.getDataType()), Shape.of(Tensors.dims(t))));
    }
    // Optimizer state kept as frozen parameters; listed in both models so that ORT binds them alike.
    for (String p : forward.trainable()) {
      if (sgdMomentum() > 0) {
        g.input(momentumName(p), g.typeOf(p));
      }
    }
    return g;
  }

  private float sgdMomentum() {
    return optimizer instanceof Optimizer.Sgd sgd ? sgd.momentum() : 0f;
  }

  static String momentumName(String parameter) {
    return parameter + ".momentum";
  }

  /**
   * The value to accumulate into P's gradient buffer for one micro-batch. For plain SGD and AdamW it is the
   * gradient; for SGD with weight decay λ and momentum μ, the first micro-batch of a window (reset = 1)
   * also adds λ·w and μ·v, and v is advanced in its frozen parameter (see {@link Optimizer.Sgd}).
   */
  private String accumulatedValue(GraphBuilder g, String p, String grad, String reset) {
    if (!(optimizer instanceof Optimizer.Sgd sgd) || !sgd.needsGraphState()) {
      return grad;
    }
    String gw = grad;
    if (sgd.weightDecay() > 0) {
      String decay = g.node("Mul").inputs(p, g.scalar("weight_decay", sgd.weightDecay())).output(p + "_decay");
      String once = g.node("Mul").inputs(decay, reset).output(p + "_decay_once");
      gw = g.node("Add").inputs(grad, once).output(p + "_grad_decayed");
    }
    if (sgd.momentum() == 0) {
      return gw;
    }
    String m = momentumName(p);
    String carried = g.node("Mul").inputs(m, g.scalar("momentum", sgd.momentum())).output(p + "_carried");
    String carriedOnce = g.node("Mul").inputs(carried, reset).output(p + "_carried_once");
    String velocity = g.node("Add").inputs(gw, carriedOnce).output(p + "_velocity");
    // v ← μ·v + g over the window: overwrite on the first micro-batch, add afterwards.
    g.msNode("InPlaceAccumulatorV2").name("momentum_" + p)
        .inputs(m, velocity, ArtifactNames.LAZY_RESET_GRAD).outputs(m + ArtifactNames.ACCUMULATED_SUFFIX);
    g.output(m + ArtifactNames.ACCUMULATED_SUFFIX, new TensorType(DataType.BOOL, Shape.of(1)));
    if (!sgd.nesterov()) {
      return velocity;
    }
    // Nesterov applies g + μ·v_new = (1+μ)·g + μ²·v_old over the window.
    float mu = sgd.momentum();
    String scaled = g.node("Mul").inputs(gw, g.scalar("one_plus_momentum", 1 + mu)).output(p + "_nesterov_g");
    String old = g.node("Mul").inputs(m, g.scalar("momentum_squared", mu * mu)).output(p + "_nesterov_v");
    String oldOnce = g.node("Mul").inputs(old, reset).output(p + "_nesterov_v_once");
    return g.node("Add").inputs(scaled, oldOnce).output(p + "_nesterov");
  }

  private TensorType predictionType(GraphBuilder g) {
    TensorType t = g.typeOf(forward.prediction());
    if (t == null) {
      throw new IllegalArgumentException("The type of the prediction '" + forward.prediction()
          + "' is unknown; declare it as a graph output with its shape");
    }
    return t;
  }

  private ModelProto trainingModel(Map<String, TensorProto> values) {
    GraphBuilder g = withParameterInputs("training", values);
    g.outputs().clear();
    TensorType predictionType = predictionType(g);
    String lossValue = loss.attach(g, forward.prediction(), predictionType);
    String lossScale = g.input(ArtifactNames.LOSS_SCALE, TensorType.floats(Shape.of()));
    List<DropoutMask> masks = TrainingRewrite.apply(g, gradients);
    Map<String, String> grads =
        GradientBuilder.differentiate(g, gradients, lossValue, lossScale, forward.trainable());
    g.msNode("ReduceAllL2").name("grad_norm")
        .inputs(grads.values().toArray(String[]::new)).outputs(ArtifactNames.GRAD_NORM);

    // ORT feeds gradient buffers by name suffix and the reset flag by name; outputs it hides by suffix.
    TensorType flag = new TensorType(DataType.BOOL, Shape.of(1));
    List<String> accumulated = new ArrayList<>();
    g.input(ArtifactNames.LAZY_RESET_GRAD, flag);
    g.output(lossValue, TensorType.floats(Shape.of()));
    g.output(forward.prediction(), predictionType);
    g.output(ArtifactNames.GRAD_NORM, TensorType.floats(Shape.of()));
    String reset = optimizer instanceof Optimizer.Sgd sgd && sgd.needsGraphState()
        ? g.node("Cast").inputs(ArtifactNames.LAZY_RESET_GRAD).attr("to", (long) DataType.FLOAT.onnxCode())
            .output("first_micro_batch")
        : null;
    for (String p : forward.trainable()) {
      String buffer = g.input(p + ArtifactNames.BUFFER_SUFFIX, g.typeOf(p));
      String out = p + ArtifactNames.ACCUMULATED_SUFFIX;
      g.msNode("InPlaceAccumulatorV2").name("accumulate_" + p)
          .inputs(buffer, accumulatedValue(g, p, grads.get(p), reset), ArtifactNames.LAZY_RESET_GRAD).outputs(out);
      accumulated.add(out);
    }
    for (String out : accumulated) {
      g.output(out, flag);
    }
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put(ArtifactNames.META_PREDICTION, forward.prediction());
    meta.put(ArtifactNames.META_LOSS, lossValue);
    meta.put(ArtifactNames.META_TARGET, Loss.TARGET);
    meta.put(ArtifactNames.META_LOSS_SCALE, lossScale);
    meta.put(ArtifactNames.META_GRAD_NORM, ArtifactNames.GRAD_NORM);
    meta.put(ArtifactNames.META_LOSS_FUNCTION, loss.describe());
    meta.put(ArtifactNames.META_OPTIMIZER, optimizer.describe());
    if (clipGradNorm != null) {
      meta.put(ArtifactNames.META_CLIP_NORM, Float.toString(clipGradNorm));
    }
    // The session draws these masks from (seed, step) and feeds them; see TrainingSession.
    for (DropoutMask mask : masks) {
      meta.put(ArtifactNames.META_DROPOUT_PREFIX + mask.input(), Float.toString(mask.ratio()));
    }
    return withOpsets(OnnxModels.model(g.build(), meta));
  }

  private ModelProto evalModel(Map<String, TensorProto> values) {
    GraphBuilder g = withParameterInputs("eval", values);
    g.outputs().clear();
    TensorType predictionType = predictionType(g);
    String lossValue = loss.attach(g, forward.prediction(), predictionType);
    g.output(lossValue, TensorType.floats(Shape.of()));
    g.output(forward.prediction(), predictionType);
    return withOpsets(OnnxModels.model(g.build(), Map.of(ArtifactNames.META_PREDICTION, forward.prediction())));
  }

  /**
   * The backward graph is written against ai.onnx 17, so older forward models (13 to 16, as the importer
   * accepts) are raised to 17; the operators ortrain differentiates mean the same from 13 to 17. A newer
   * forward opset is kept, for its nodes' semantics.
   */
  private ModelProto withOpsets(ModelProto model) {
    long opset = OnnxModels.onnxOpset(forward.model());
    ModelProto.Builder b = model.toBuilder();
    for (int i = 0; i < b.getOpsetImportCount(); i++) {
      if (b.getOpsetImport(i).getDomain().isEmpty() && opset > b.getOpsetImport(i).getVersion()) {
        b.setOpsetImport(i, b.getOpsetImport(i).toBuilder().setVersion(opset));
        b.setIrVersion(Math.max(b.getIrVersion(), forward.model().getIrVersion()));
      }
    }
    b.addAllFunctions(forward.model().getFunctionsList());
    return b.build();
  }
}
