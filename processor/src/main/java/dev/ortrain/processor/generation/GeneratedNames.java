package dev.ortrain.processor.generation;

import com.palantir.javapoet.ClassName;
import javax.lang.model.element.TypeElement;

/**
 * The names of the classes generated for an experiment: {@code MnistMlpTrainer}, {@code MnistMlpModule},
 * {@code MnistMlpComponent}, {@code MnistMlpHooks},
 * {@code MnistMlpRegistration}; for a nested class {@code Outer.Mlp}, {@code Outer_Mlp...}.
 */
record GeneratedNames(ClassName experiment, String packageName, String base) {

  static GeneratedNames of(TypeElement type) {
    ClassName experiment = ClassName.get(type);
    return new GeneratedNames(experiment, experiment.packageName(), String.join("_", experiment.simpleNames()));
  }

  ClassName trainer() {
    return ClassName.get(packageName, base + "Trainer");
  }

  ClassName module() {
    return ClassName.get(packageName, base + "Module");
  }

  ClassName component() {
    return ClassName.get(packageName, base + "Component");
  }

  /** The component implementation Dagger generates. */
  ClassName daggerComponent() {
    return ClassName.get(packageName, "Dagger" + base + "Component");
  }

  /** The experiment's entry in the {@code META-INF/services} index that runners read. */
  ClassName registration() {
    return ClassName.get(packageName, base + "Registration");
  }

  ClassName hooks() {
    return ClassName.get(packageName, base + "Hooks");
  }

  /** {@code Outer.Mlp}: how messages and schedule names refer to the experiment. */
  String display() {
    return String.join(".", experiment.simpleNames());
  }
}
