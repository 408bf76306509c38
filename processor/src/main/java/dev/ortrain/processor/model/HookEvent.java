package dev.ortrain.processor.model;

import dev.ortrain.annotations.OnBatchBegin;
import dev.ortrain.annotations.OnBatchEnd;
import dev.ortrain.annotations.OnEpochBegin;
import dev.ortrain.annotations.OnEpochEnd;
import dev.ortrain.annotations.OnTrainBegin;
import dev.ortrain.annotations.OnTrainEnd;
import dev.ortrain.annotations.OnValidationBegin;
import dev.ortrain.annotations.OnValidationEnd;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;

/** The training-loop events a hook can run at, each with the runtime callback method it maps onto. */
public enum HookEvent {
  TRAIN_BEGIN(OnTrainBegin.class, "onTrainBegin", null),
  TRAIN_END(OnTrainEnd.class, "onTrainEnd", null),
  EPOCH_BEGIN(OnEpochBegin.class, "onEpochBegin", null),
  EPOCH_END(OnEpochEnd.class, "onEpochEnd", null),
  BATCH_BEGIN(OnBatchBegin.class, "onBatchBegin", null),
  BATCH_END(OnBatchEnd.class, "onBatchEnd", HookArgument.OUTCOME),
  VALIDATION_BEGIN(OnValidationBegin.class, "onValidationBegin", null),
  VALIDATION_END(OnValidationEnd.class, "onValidationEnd", HookArgument.METRICS);

  private final Class<? extends Annotation> annotation;
  private final String callbackMethod;
  private final HookArgument extra;

  HookEvent(Class<? extends Annotation> annotation, String callbackMethod, HookArgument extra) {
    this.annotation = annotation;
    this.callbackMethod = callbackMethod;
    this.extra = extra;
  }

  public Class<? extends Annotation> annotation() {
    return annotation;
  }

  public String simpleName() {
    return annotation.getSimpleName();
  }

  /** The {@code dev.ortrain.callbacks.Callback} method that runs this event's hooks. */
  public String callbackMethod() {
    return callbackMethod;
  }

  /** The argument this event passes besides the context, if any. */
  public HookArgument extra() {
    return extra;
  }

  public boolean isValidation() {
    return this == VALIDATION_BEGIN || this == VALIDATION_END;
  }

  public boolean supplies(HookArgument argument) {
    return supplied().contains(argument);
  }

  public List<HookArgument> supplied() {
    List<HookArgument> all = new ArrayList<>(List.of(HookArgument.CONTEXT, HookArgument.EPOCH));
    if (extra != null) {
      all.add(extra);
    }
    return all;
  }
}
