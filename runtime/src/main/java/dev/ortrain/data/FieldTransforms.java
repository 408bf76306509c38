package dev.ortrain.data;

import java.util.ArrayList;
import java.util.List;

/**
 * The transforms of a dataset view, checked once against its source's fields, applied to one field of one
 * sample per call. Every thread that reads gets its own scratch buffers, because a loader's prefetch thread
 * and the training thread may read the same view at once.
 */
final class FieldTransforms {
  private final TransformPipeline pipeline;
  private final int[][] stagesOfField;
  private final ThreadLocal<Scratch> scratch;

  /** A read's intermediate values: the source's field as read, and each stage's output. */
  private record Scratch(FieldValues[] read, FieldValues[] stageOutputs) {
    static Scratch of(TransformPipeline pipeline) {
      FieldValues[] read = new FieldValues[pipeline.inputs().size()];
      for (int f = 0; f < read.length; f++) {
        read[f] = new FieldValues(pipeline.inputs().get(f));
      }
      FieldValues[] stageOutputs = new FieldValues[pipeline.stageCount()];
      for (int t = 0; t < stageOutputs.length; t++) {
        stageOutputs[t] = new FieldValues(pipeline.outputOf(t));
      }
      return new Scratch(read, stageOutputs);
    }
  }

  FieldTransforms(List<FieldSpec> sourceFields, List<Transform> transforms) {
    this.pipeline = new TransformPipeline(sourceFields, transforms);
    this.stagesOfField = stagesOfField(pipeline);
    this.scratch = ThreadLocal.withInitial(() -> Scratch.of(pipeline));
  }

  private static int[][] stagesOfField(TransformPipeline pipeline) {
    List<List<Integer>> stages = new ArrayList<>();
    for (int f = 0; f < pipeline.inputs().size(); f++) {
      stages.add(new ArrayList<>());
    }
    for (int t = 0; t < pipeline.stageCount(); t++) {
      stages.get(pipeline.fieldOf(t)).add(t);
    }
    int[][] result = new int[stages.size()][];
    for (int f = 0; f < result.length; f++) {
      result[f] = stages.get(f).stream().mapToInt(Integer::intValue).toArray();
    }
    return result;
  }

  /** The fields after the transforms. */
  List<FieldSpec> outputs() {
    return pipeline.outputs();
  }

  List<Transform> transforms() {
    List<Transform> all = new ArrayList<>();
    for (int t = 0; t < pipeline.stageCount(); t++) {
      all.add(pipeline.transform(t));
    }
    return all;
  }

  /**
   * Reads field {@code field} of sample {@code index} from {@code source} and runs that field's transforms,
   * transform number t drawing from stream {@code firstStream + t} of {@code context}.
   */
  void read(Dataset source, int index, int field, FieldValues out, SampleContext context, long firstStream) {
    int[] stages = stagesOfField[field];
    if (stages.length == 0) {
      source.read(index, field, out);
      return;
    }
    Scratch buffers = scratch.get();
    FieldValues current = buffers.read()[field];
    source.read(index, field, current);
    for (int i = 0; i < stages.length; i++) {
      int stage = stages[i];
      FieldValues next = i == stages.length - 1 ? out : buffers.stageOutputs()[stage];
      context.startTransform(firstStream + stage);
      pipeline.transform(stage).apply(current, next, context);
      current = next;
    }
  }
}
