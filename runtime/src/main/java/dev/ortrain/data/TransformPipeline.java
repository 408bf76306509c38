package dev.ortrain.data;

import java.util.ArrayList;
import java.util.List;

/**
 * A dataset's fields followed through a list of transforms: which field each transform rewrites and the field
 * specs before and after it. Checked once when a loader is built, so a misnamed field or a transform that
 * cannot handle its input fails before training starts. Immutable.
 */
final class TransformPipeline {
  private final List<FieldSpec> inputs;
  private final List<FieldSpec> outputs;
  private final List<Transform> transforms;
  private final List<FieldSpec> stageOutputs;
  private final int[] fieldOfStage;

  TransformPipeline(List<FieldSpec> fields, List<Transform> transforms) {
    this.inputs = List.copyOf(fields);
    this.transforms = List.copyOf(transforms);
    this.fieldOfStage = new int[transforms.size()];
    List<FieldSpec> current = new ArrayList<>(fields);
    List<FieldSpec> stages = new ArrayList<>();
    for (int t = 0; t < transforms.size(); t++) {
      Transform transform = transforms.get(t);
      int field = indexOf(current, transform.field());
      if (field < 0) {
        throw new IllegalArgumentException("Transform " + transform + " works on field '" + transform.field()
            + "', but the samples have fields " + names(current));
      }
      FieldSpec out = transform.outputSpec(current.get(field));
      if (!out.name().equals(transform.field())) {
        throw new IllegalArgumentException("Transform " + transform + " renamed field '" + transform.field()
            + "' to '" + out.name() + "'; transforms keep the field's name (rename the dataset's field instead)");
      }
      current.set(field, out);
      stages.add(out);
      fieldOfStage[t] = field;
    }
    this.outputs = List.copyOf(current);
    this.stageOutputs = List.copyOf(stages);
  }

  List<FieldSpec> inputs() {
    return inputs;
  }

  /** The fields of the assembled samples (what batches hold). */
  List<FieldSpec> outputs() {
    return outputs;
  }

  int stageCount() {
    return transforms.size();
  }

  Transform transform(int stage) {
    return transforms.get(stage);
  }

  int fieldOf(int stage) {
    return fieldOfStage[stage];
  }

  FieldSpec outputOf(int stage) {
    return stageOutputs.get(stage);
  }

  private static int indexOf(List<FieldSpec> fields, String name) {
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private static List<String> names(List<FieldSpec> fields) {
    List<String> names = new ArrayList<>();
    for (FieldSpec f : fields) {
      names.add(f.name());
    }
    return names;
  }
}
