package dev.ortrain.processor.generation;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.ortrain.processor.model.Experiment;
import dev.ortrain.processor.model.Hook;
import dev.ortrain.processor.model.HookArgument;
import dev.ortrain.processor.model.HookEvent;
import dev.ortrain.processor.model.HookParameter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * {@code <Experiment>Hooks}: a {@code Callback} that calls the experiment's hook methods directly. The trainer
 * gets one instance per distinct hook {@code order}, so hooks take their place among the built-in callbacks
 * (early stopping 100, checkpoints 200); within one order they run in declaration order.
 */
final class HooksGenerator {
  /** What the callback passes for each kind of hook parameter. */
  private static final Map<HookArgument, String> VALUES = Map.of(HookArgument.CONTEXT, "ctx", HookArgument.EPOCH,
      "ctx.epoch()", HookArgument.METRICS, "metrics", HookArgument.OUTCOME, "outcome");

  private HooksGenerator() {}

  /** The distinct orders of the experiment's hooks, ascending. */
  static List<Integer> orders(Experiment experiment) {
    return experiment.hooks().stream().map(Hook::order).distinct().sorted().toList();
  }

  static TypeSpec generate(Experiment experiment, GeneratedNames names) {
    boolean severalOrders = orders(experiment).size() > 1;
    TypeSpec.Builder type = TypeSpec.classBuilder(names.hooks())
        .addJavadoc("Calls the hook methods of {@link $T} from the training loop.\n", names.experiment())
        .addAnnotation(RuntimeNames.GENERATED)
        .addModifiers(Modifier.FINAL)
        .addSuperinterface(RuntimeNames.CALLBACK)
        .addField(FieldSpec.builder(names.experiment(), "experiment", Modifier.PRIVATE, Modifier.FINAL).build())
        .addField(FieldSpec.builder(int.class, "order", Modifier.PRIVATE, Modifier.FINAL).build())
        .addMethod(MethodSpec.constructorBuilder()
            .addParameter(names.experiment(), "experiment")
            .addParameter(int.class, "order")
            .addStatement("this.experiment = experiment")
            .addStatement("this.order = order")
            .build())
        .addMethod(MethodSpec.methodBuilder("order").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
            .returns(int.class).addStatement("return order").build())
        .addMethod(MethodSpec.methodBuilder("stateKey").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
            .returns(String.class).addStatement("return $S + order", "hooks:" + names.display() + ":").build());
    for (HookEvent event : HookEvent.values()) {
      List<Hook> hooks = experiment.hooks().stream().filter(h -> h.event() == event)
          .sorted(Comparator.comparingInt(Hook::order)).toList();
      if (!hooks.isEmpty()) {
        type.addMethod(eventMethod(event, hooks, severalOrders));
      }
    }
    return type.build();
  }

  private static MethodSpec eventMethod(HookEvent event, List<Hook> hooks, boolean severalOrders) {
    MethodSpec.Builder method = MethodSpec.methodBuilder(event.callbackMethod()).addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC).addParameter(RuntimeNames.TRAINING_CONTEXT, "ctx");
    if (event == HookEvent.BATCH_END) {
      method.addParameter(RuntimeNames.BATCH_OUTCOME, "outcome");
    }
    if (event == HookEvent.VALIDATION_END) {
      method.addParameter(ParameterizedTypeName.get(ClassName.get(Map.class), TypeName.get(String.class),
          TypeName.get(Double.class)), "metrics");
    }
    Integer open = null;
    for (Hook hook : hooks) {
      if (severalOrders && !Integer.valueOf(hook.order()).equals(open)) {
        if (open != null) {
          method.endControlFlow();
        }
        method.beginControlFlow("if (order == $L)", hook.order());
        open = hook.order();
      }
      method.addStatement("experiment.$L($L)", hook.name(), arguments(hook));
    }
    if (open != null) {
      method.endControlFlow();
    }
    return method.build();
  }

  private static CodeBlock arguments(Hook hook) {
    return CodeBlock.join(hook.parameters().stream().map(HookParameter::argument)
        .map(a -> CodeBlock.of("$L", VALUES.get(a))).toList(), ", ");
  }
}
