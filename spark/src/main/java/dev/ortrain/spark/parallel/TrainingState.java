package dev.ortrain.spark.parallel;

import dev.ortrain.callbacks.ParameterSnapshot;
import dev.ortrain.checkpoint.NamedTensor;
import dev.ortrain.checkpoint.OptimizerState;
import dev.ortrain.checkpoint.OrtCheckpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A worker's parameters and optimizer moments as one flat array of floats, in a fixed order (the trainable
 * parameters in the checkpoint's order, then each parameter's moments in that order), and back.
 */
final class TrainingState {
  private TrainingState() {}

  static float[] flatten(ParameterSnapshot snapshot) {
    List<NamedTensor> tensors = tensors(snapshot.checkpoint());
    int length = 0;
    for (NamedTensor tensor : tensors) {
      length += Math.toIntExact(tensor.elementCount());
    }
    float[] flat = new float[length];
    int at = 0;
    for (NamedTensor tensor : tensors) {
      float[] values = tensor.toFloats();
      System.arraycopy(values, 0, flat, at, values.length);
      at += values.length;
    }
    return flat;
  }

  /** {@code snapshot} with its parameters and moments replaced by {@code flat}, as {@link #flatten} laid them. */
  static ParameterSnapshot withValues(ParameterSnapshot snapshot, float[] flat) {
    OrtCheckpoint checkpoint = snapshot.checkpoint();
    Cursor cursor = new Cursor(flat);
    List<NamedTensor> trainable = checkpoint.trainable().stream().map(cursor::next).toList();
    OptimizerState optimizer = checkpoint.optimizer().map(state -> {
      Map<String, List<NamedTensor>> moments = new LinkedHashMap<>();
      for (NamedTensor parameter : checkpoint.trainable()) {
        moments.put(parameter.name(), state.momentsByParameter().getOrDefault(parameter.name(), List.of()).stream()
            .map(cursor::next).toList());
      }
      return new OptimizerState(state.step(), state.initialLearningRate(), moments);
    }).orElse(null);
    cursor.requireAllRead();
    return new ParameterSnapshot(new OrtCheckpoint(trainable, checkpoint.frozen(), optimizer,
        checkpoint.intProperties(), checkpoint.floatProperties(), checkpoint.stringProperties()),
        snapshot.globalStep());
  }

  private static List<NamedTensor> tensors(OrtCheckpoint checkpoint) {
    List<NamedTensor> tensors = new ArrayList<>(checkpoint.trainable());
    checkpoint.optimizer().ifPresent(state -> checkpoint.trainable().forEach(parameter ->
        tensors.addAll(state.momentsByParameter().getOrDefault(parameter.name(), List.of()))));
    return tensors;
  }

  /** Reads consecutive tensors' values out of a flat array. */
  private static final class Cursor {
    private final float[] flat;
    private int at;

    Cursor(float[] flat) {
      this.flat = flat;
    }

    NamedTensor next(NamedTensor shape) {
      int count = Math.toIntExact(shape.elementCount());
      float[] values = new float[count];
      System.arraycopy(flat, at, values, 0, count);
      at += count;
      return NamedTensor.ofFloats(shape.name(), shape.dims(), values);
    }

    void requireAllRead() {
      if (at != flat.length) {
        throw new IllegalArgumentException("The averaged state has " + flat.length + " values, but this worker's"
            + " parameters and moments take " + at + ": the workers train different models");
      }
    }
  }
}
