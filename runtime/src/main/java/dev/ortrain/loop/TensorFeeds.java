package dev.ortrain.loop;

import ai.onnxruntime.OnnxTensor;
import dev.ortrain.data.Batch;
import dev.ortrain.data.BatchField;
import dev.ortrain.graph.DataType;
import dev.ortrain.session.TrainingSession;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ONNX tensors over a loader's batch buffers. The loader reuses the same fields (and memory) for every
 * batch of a slot, so one tensor per field and batch size is created once and reused: no copy and no
 * allocation per step.
 */
final class TensorFeeds implements AutoCloseable {
  private final TrainingSession session;
  private final Map<BatchField, OnnxTensor> cache = new IdentityHashMap<>();

  TensorFeeds(TrainingSession session) {
    this.session = session;
  }

  /** The tensors for {@code names}, in that order, from the batch's fields of the same names. */
  Map<String, OnnxTensor> feeds(Batch batch, List<String> names) {
    Map<String, OnnxTensor> out = new LinkedHashMap<>();
    for (String name : names) {
      BatchField field = batch.field(name);
      out.put(name, cache.computeIfAbsent(field, this::create)); // a partial batch has fields of its own
    }
    return out;
  }

  private OnnxTensor create(BatchField field) {
    return field.dataType() == DataType.INT64
        ? session.longTensor(field.longs(), field.shape())
        : session.floatTensor(field.floats(), field.shape());
  }

  @Override
  public void close() {
    List<OnnxTensor> all = new ArrayList<>(cache.values());
    all.forEach(OnnxTensor::close);
    cache.clear();
  }
}
