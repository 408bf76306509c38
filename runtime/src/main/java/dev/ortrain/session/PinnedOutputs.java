package dev.ortrain.session;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.ortrain.graph.DataType;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Output tensors of one step kind (train or eval), allocated once per batch size, that ONNX Runtime writes a
 * step's outputs into. Without them, the Java API creates a native value and a tensor object for every output
 * of every step and the loss is read through a fresh buffer; with them, a step allocates no output and the
 * loss is one read from memory we own, which makes steps measurably faster (docs/performance-notes.md).
 *
 * <p>Pinning needs every output's shape before the step: each dimension known, or the batch dimension of
 * ortrain's own graphs. Models declaring anything else (an imported model's own symbols, a non-float output)
 * are run without pinned outputs.
 */
final class PinnedOutputs implements AutoCloseable {
  private static final int MAX_BATCH_SIZES = 4; // full batches and one or two smaller last batches per loader

  private final OrtEnvironment env;
  private final List<String> names;
  private final List<Shape> shapes;
  private boolean pinnable; // cleared when ONNX Runtime's outputs turn out not to match the declared shapes
  private final Map<Long, Step> byBatchSize = new LinkedHashMap<>();

  /** The outputs of one batch size: the values to hand ONNX Runtime and the buffers they write into. */
  static final class Step implements StepValues {
    private final List<String> names;
    private final Map<String, OnnxValue> values;
    private final Map<String, FloatBuffer> buffers;
    private final Map<String, long[]> shapes;

    private Step(Map<String, OnnxValue> values, Map<String, FloatBuffer> buffers, Map<String, long[]> shapes) {
      this.names = List.copyOf(values.keySet());
      this.values = Collections.unmodifiableMap(values);
      this.buffers = buffers;
      this.shapes = shapes;
    }

    Map<String, OnnxValue> values() {
      return values;
    }

    /** The output names in session order (the loss first). */
    List<String> names() {
      return names;
    }

    @Override
    public boolean has(String name) {
      return values.containsKey(name);
    }

    /** The first element of a scalar (or any) output, as written by the last step. */
    @Override
    public float scalar(String name) {
      return buffers.get(name).get(0);
    }

    /** A copy of an output as written by the last step (every pinned output holds floats). */
    @Override
    public float[] floats(String name) {
      FloatBuffer b = buffers.get(name);
      float[] out = new float[b.capacity()];
      b.get(0, out);
      return out;
    }

    @Override
    public long[] shape(String name) {
      return shapes.get(name).clone();
    }

    private void close() {
      values.values().forEach(OnnxValue::close);
    }
  }

  /**
   * @param outputs the model's declared outputs in session order
   * @param enabled false where outputs must stay where ONNX Runtime puts them (a CUDA session's live on the
   *     device)
   */
  PinnedOutputs(OrtEnvironment env, Map<String, TensorType> outputs, List<String> sessionOrder, boolean enabled) {
    this.env = env;
    this.names = List.copyOf(sessionOrder);
    this.shapes = new ArrayList<>();
    boolean ok = enabled && !names.isEmpty();
    for (String name : names) {
      TensorType t = outputs.get(name);
      if (t == null || t.dataType() != DataType.FLOAT || !batchOrKnown(t.shape())) {
        ok = false;
        break;
      }
      shapes.add(t.shape());
    }
    this.pinnable = ok;
  }

  private static boolean batchOrKnown(Shape s) {
    for (int i = 0; i < s.rank(); i++) {
      if (!s.isKnown(i) && !Shape.BATCH.equals(s.symbol(i))) {
        return false;
      }
    }
    return true;
  }

  boolean pinnable() {
    return pinnable;
  }

  /** The outputs for a step on {@code batchSize} samples, or null when this model's outputs cannot be pinned. */
  Step forBatch(long batchSize) {
    if (!pinnable || batchSize <= 0) {
      return null;
    }
    Step step = byBatchSize.get(batchSize);
    if (step != null) {
      return step;
    }
    if (byBatchSize.size() >= MAX_BATCH_SIZES) {
      // Steps copy what they return, so no earlier result still reads the evicted buffers.
      Long oldest = byBatchSize.keySet().iterator().next();
      byBatchSize.remove(oldest).close();
    }
    step = allocate(batchSize);
    byBatchSize.put(batchSize, step);
    return step;
  }

  private Step allocate(long batchSize) {
    Map<String, OnnxValue> values = new LinkedHashMap<>();
    Map<String, FloatBuffer> buffers = new LinkedHashMap<>();
    Map<String, long[]> resolved = new LinkedHashMap<>();
    try {
      for (int i = 0; i < names.size(); i++) {
        long[] shape = shapes.get(i).resolve(batchSize);
        FloatBuffer buffer = ByteBuffer.allocateDirect(Math.toIntExact(Shape.of(shape).elementCount() * Float.BYTES))
            .order(ByteOrder.nativeOrder()).asFloatBuffer();
        values.put(names.get(i), OnnxTensor.createTensor(env, buffer, shape));
        buffers.put(names.get(i), buffer);
        resolved.put(names.get(i), shape);
      }
    } catch (OrtException | ArithmeticException e) {
      values.values().forEach(OnnxValue::close);
      throw new TrainingSessionException("Cannot allocate the step outputs for batch size " + batchSize + ": "
          + e.getMessage(), e);
    }
    return new Step(values, buffers, resolved);
  }

  /**
   * What to add to the message of a failed step. When ONNX Runtime produced an output of another shape than the
   * model declares, the pinned buffers were the wrong size: says so, and runs later steps without pinning
   * (the failed step is not retried, since it may have accumulated gradients before it failed).
   */
  String explain(Step failed, OrtException e) {
    String m = e.getMessage();
    // The first is ONNX Runtime's check of the outputs before it runs, the second its check while it runs.
    if (failed == null || m == null
        || !(m.contains("invalid dimensions for output") || m.contains("shape verification failed"))) {
      return "";
    }
    pinnable = false;
    close();
    StringBuilder declared = new StringBuilder();
    failed.shapes.forEach((name, shape) -> declared.append(declared.length() == 0 ? "" : ", ").append(name)
        .append(Arrays.toString(shape)));
    return ". An output's shape differs from the one the model declares (" + declared + " for this batch): the"
        + " model's output declarations are wrong. Later steps run without pinned output buffers; fix the"
        + " declarations or regenerate the artifacts";
  }

  @Override
  public void close() {
    byBatchSize.values().forEach(Step::close);
    byBatchSize.clear();
  }
}
