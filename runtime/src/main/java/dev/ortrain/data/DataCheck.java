package dev.ortrain.data;

import java.util.List;

/**
 * Checks a data set once, before training reads it, for values no model trains on: a NaN or infinity in a
 * float field makes every step it is in diverge, and a class index outside the model's classes makes
 * cross-entropy read outside the logits. Each fault names the set, the record and the field; a second look
 * per step would cost more than the data are worth.
 */
public final class DataCheck {
  private DataCheck() {}

  /**
   * @param role the set's part in the run ("training data", ...), for the message
   * @throws DataLoadingException at the first non-finite value of a float field
   */
  public static void requireFinite(String role, Dataset data) {
    List<FieldSpec> fields = data.fields();
    for (int f = 0; f < fields.size(); f++) {
      if (!fields.get(f).isFloat()) {
        continue;
      }
      FieldValues values = new FieldValues(fields.get(f));
      for (int i = 0; i < data.size(); i++) {
        data.read(i, f, values);
        float[] v = values.floats();
        for (int k = 0; k < v.length; k++) {
          if (!Float.isFinite(v[k])) {
            throw new DataLoadingException("The " + role + " (" + data + ") has " + v[k] + " in record " + i
                + ", field '" + fields.get(f).name() + "', element " + k + ". Training on it makes every step it"
                + " is in diverge: fix or drop the record before training (Dataset.slice keeps a range).");
          }
        }
      }
    }
  }

  /**
   * @param classes how many classes the model predicts: indices run from 0 to {@code classes - 1}
   * @param ignored the index the loss skips (PyTorch's ignore_index), allowed too
   * @throws DataLoadingException at the first class index outside that range
   */
  public static void requireClassIndices(String role, Dataset data, String field, long classes,
      java.util.OptionalLong ignored) {
    int f = data.fieldIndex(field);
    FieldValues values = new FieldValues(data.fields().get(f));
    for (int i = 0; i < data.size(); i++) {
      data.read(i, f, values);
      for (long c : values.longs()) {
        if ((c < 0 || c >= classes) && !(ignored.isPresent() && c == ignored.getAsLong())) {
          throw new DataLoadingException("The " + role + " (" + data + ") has class " + c + " in record " + i
              + ", field '" + field + "', but the model predicts " + classes + " classes (0 to " + (classes - 1)
              + "). Fix the label, or give the model's last layer as many outputs as there are classes.");
        }
      }
    }
  }
}
