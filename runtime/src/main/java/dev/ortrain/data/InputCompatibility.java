package dev.ortrain.data;

import dev.ortrain.graph.DataType;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compares the fields a loader produces with a model's declared inputs before training starts, so a wrong
 * shape fails with the input's name and both types instead of deep inside ONNX Runtime on the first step.
 * Fields the model does not take are allowed (the engine feeds only the model's inputs).
 */
public final class InputCompatibility {
  private InputCompatibility() {}

  /**
   * Every mismatch between {@code fields} (batched {@code batchSize} at a time; the last batch is partial
   * unless {@code dropLast}) and {@code modelInputs}; empty when they fit.
   */
  public static List<String> problems(List<FieldSpec> fields, int samples, int batchSize, boolean dropLast,
      Map<String, TensorType> modelInputs) {
    return problems(fields, new EpochPlan(samples, batchSize, dropLast), modelInputs);
  }

  static void require(List<FieldSpec> fields, EpochPlan plan, Map<String, TensorType> modelInputs) {
    List<String> problems = problems(fields, plan, modelInputs);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("The data does not fit the model's inputs:\n  - "
          + String.join("\n  - ", problems));
    }
  }

  private static List<String> problems(List<FieldSpec> fields, EpochPlan plan, Map<String, TensorType> inputs) {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, TensorType> input : inputs.entrySet()) {
      String name = input.getKey();
      TensorType expected = input.getValue();
      FieldSpec field = find(fields, name);
      if (field == null) {
        problems.add("model input '" + name + "' (" + expected + ") has no field of that name; the batches have "
            + fieldList(fields) + " (rename a dataset field with Dataset.renamed)");
        continue;
      }
      TensorType actual = field.batchedType();
      if (expected.dataType() != actual.dataType() || !shapeFits(expected.shape(), actual.shape())) {
        problems.add("model input '" + name + "' expects " + expected + ", but field '" + name + "' gives " + actual
            + hint(name, expected, actual));
        continue;
      }
      batchDimension(name, expected.shape(), plan, problems);
    }
    return problems;
  }

  /** Same rank; every known model dimension after the batch equals the field's. */
  private static boolean shapeFits(Shape expected, Shape actual) {
    if (expected.rank() != actual.rank()) {
      return false;
    }
    for (int i = 1; i < expected.rank(); i++) {
      if (expected.isKnown(i) && expected.size(i) != actual.size(i)) {
        return false;
      }
    }
    return true;
  }

  /** A model with a fixed batch size takes only batches of exactly that size. */
  private static void batchDimension(String name, Shape expected, EpochPlan plan, List<String> problems) {
    if (expected.rank() == 0 || !expected.isKnown(0)) {
      return;
    }
    long fixed = expected.size(0);
    if (fixed != plan.batchSize()) {
      problems.add("model input '" + name + "' has a fixed batch dimension of " + fixed + ", but the loader's batch"
          + " size is " + plan.batchSize() + "; use batchSize(" + fixed + ") or export the model with a symbolic"
          + " batch dimension");
    } else if (!plan.dropLast() && plan.samples() % plan.batchSize() != 0) {
      problems.add("model input '" + name + "' has a fixed batch dimension of " + fixed + ", but the last batch of"
          + " each epoch holds only " + plan.samples() % plan.batchSize() + " samples; turn on dropLast");
    }
  }

  private static String hint(String name, TensorType expected, TensorType actual) {
    if (expected.dataType() == DataType.FLOAT && actual.dataType() == DataType.INT64) {
      return "; Transforms.oneHot(\"" + name + "\", classes) turns class indices into floats";
    }
    if (expected.dataType() == DataType.INT64 && actual.dataType() == DataType.FLOAT) {
      return "; class targets must be int64 indices, not floats";
    }
    Shape e = expected.shape();
    Shape a = actual.shape();
    if (e.rank() == 2 && a.rank() > 2 && e.isKnown(1) && e.size(1) == a.elementCount(1)) {
      return "; Transforms.flatten(\"" + name + "\") reshapes it";
    }
    return "";
  }

  private static FieldSpec find(List<FieldSpec> fields, String name) {
    for (FieldSpec f : fields) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    return null;
  }

  private static String fieldList(List<FieldSpec> fields) {
    List<String> out = new ArrayList<>();
    for (FieldSpec f : fields) {
      out.add(f.name() + " " + f.batchedType());
    }
    return out.toString();
  }
}
