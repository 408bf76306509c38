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
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * {@code <Experiment>Hooks}: one nested {@code Callback} per distinct hook {@code order} (the trainer orders
 * callbacks by {@code order()}), each calling the experiment's hook methods of that order directly, so that
 * hooks take their place among the built-in callbacks (early stopping 100, checkpoints 200); within one order
 * they run in declaration order.
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

  /** The callback class of the hooks of one order: {@code Order150}, {@code OrderMinus10}. */
  static ClassName callbackOf(GeneratedNames names, int order) {
    return names.hooks().nestedClass("Order" + (order < 0 ? "Minus" + -(long) order : String.valueOf(order)));
  }

  static TypeSpec generate(Experiment experiment, GeneratedNames names) {
    TypeSpec.Builder type = TypeSpec.classBuilder(names.hooks())
        .addJavadoc("Calls the hook methods of {@link $T} from the training loop: one callback per hook order.\n",
            names.experiment())
        .addAnnotation(RuntimeNames.GENERATED)
        .addModifiers(Modifier.FINAL)
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    for (int order : orders(experiment)) {
      type.addType(callback(experiment.hooks().stream().filter(h -> h.order() == order).toList(), order, names));
    }
    return type.build();
  }

  private static TypeSpec callback(List<Hook> hooks, int order, GeneratedNames names) {
    TypeSpec.Builder type = TypeSpec.classBuilder(callbackOf(names, order))
        .addJavadoc("The hooks of order $L.\n", order)
        .addModifiers(Modifier.STATIC, Modifier.FINAL)
        .addSuperinterface(RuntimeNames.CALLBACK)
        .addField(FieldSpec.builder(names.experiment(), "experiment", Modifier.PRIVATE, Modifier.FINAL).build())
        .addMethod(MethodSpec.constructorBuilder()
            .addParameter(names.experiment(), "experiment")
            .addStatement("this.experiment = experiment")
            .build())
        .addMethod(MethodSpec.methodBuilder("order").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
            .returns(int.class).addStatement("return $L", order).build());
    for (HookEvent event : HookEvent.values()) {
      List<Hook> ofEvent = hooks.stream().filter(h -> h.event() == event).toList();
      if (!ofEvent.isEmpty()) {
        type.addMethod(eventMethod(event, ofEvent));
      }
    }
    return type.build();
  }

  private static MethodSpec eventMethod(HookEvent event, List<Hook> hooks) {
    MethodSpec.Builder method = MethodSpec.methodBuilder(event.callbackMethod()).addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC).addParameter(RuntimeNames.TRAINING_CONTEXT, "ctx");
    if (event == HookEvent.BATCH_END) {
      method.addParameter(RuntimeNames.BATCH_OUTCOME, "outcome");
    }
    if (event == HookEvent.VALIDATION_END) {
      method.addParameter(ParameterizedTypeName.get(ClassName.get(Map.class), TypeName.get(String.class),
          TypeName.get(Double.class)), "metrics");
    }
    for (Hook hook : hooks) {
      method.addStatement("experiment.$L($L)", hook.name(), arguments(hook));
    }
    return method.build();
  }

  private static CodeBlock arguments(Hook hook) {
    return CodeBlock.join(hook.parameters().stream().map(HookParameter::argument)
        .map(a -> CodeBlock.of("$L", VALUES.get(a))).toList(), ", ");
  }
}
