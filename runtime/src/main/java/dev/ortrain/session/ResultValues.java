package dev.ortrain.session;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;

/** {@link StepValues} over the result ONNX Runtime allocated for a step (outputs not pinned). */
final class ResultValues implements StepValues {
  private final OrtSession.Result result;

  ResultValues(OrtSession.Result result) {
    this.result = result;
  }

  @Override
  public boolean has(String name) {
    return tensor(name) != null;
  }

  @Override
  public float scalar(String name) {
    return tensor(name).getFloatBuffer().get(0);
  }

  @Override
  public float[] floats(String name) {
    OnnxTensor t = tensor(name);
    if (t.getInfo().type != OnnxJavaType.FLOAT) {
      return null;
    }
    FloatBuffer fb = t.getFloatBuffer();
    float[] values = new float[fb.remaining()];
    fb.get(values);
    return values;
  }

  @Override
  public long[] shape(String name) {
    return tensor(name).getInfo().getShape();
  }

  private OnnxTensor tensor(String name) {
    return result.get(name).filter(OnnxTensor.class::isInstance).map(OnnxTensor.class::cast).orElse(null);
  }
}
