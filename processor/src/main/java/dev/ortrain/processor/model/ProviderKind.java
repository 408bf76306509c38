package dev.ortrain.processor.model;

import dev.ortrain.annotations.Loss;
import dev.ortrain.annotations.Metrics;
import dev.ortrain.annotations.Model;
import dev.ortrain.annotations.TestData;
import dev.ortrain.annotations.TrainData;
import dev.ortrain.annotations.ValidationData;
import java.lang.annotation.Annotation;

/** The methods an experiment provides its parts with. */
public enum ProviderKind {
  MODEL(Model.class, "model", true, "a ForwardModel, a Sequential or a Module"),
  LOSS(Loss.class, "loss", true, "a dev.ortrain.loss.Loss such as CrossEntropyLoss.create()"),
  TRAIN_DATA(TrainData.class, "training data", true, "a Dataset"),
  VALIDATION_DATA(ValidationData.class, "validation data", false, "a Dataset"),
  TEST_DATA(TestData.class, "test data", false, "a Dataset"),
  METRICS(Metrics.class, "metrics", false, "Metric[] or List<Metric>");

  private final Class<? extends Annotation> annotation;
  private final String description;
  private final boolean required;
  private final String expectedReturn;

  ProviderKind(Class<? extends Annotation> annotation, String description, boolean required, String expectedReturn) {
    this.annotation = annotation;
    this.description = description;
    this.required = required;
    this.expectedReturn = expectedReturn;
  }

  public Class<? extends Annotation> annotation() {
    return annotation;
  }

  public String simpleName() {
    return annotation.getSimpleName();
  }

  public String description() {
    return description;
  }

  public boolean required() {
    return required;
  }

  public String expectedReturn() {
    return expectedReturn;
  }
}
