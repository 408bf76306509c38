package dev.ortrain.processor.validation;

import dev.ortrain.annotations.InputType;
import dev.ortrain.processor.diagnostics.Location;
import dev.ortrain.processor.diagnostics.Message;
import dev.ortrain.processor.diagnostics.Reporter;
import dev.ortrain.processor.model.Experiment;
import dev.ortrain.processor.model.Provider;
import dev.ortrain.processor.model.ProviderKind;
import dev.ortrain.processor.model.ReturnKind;
import java.util.List;
import javax.lang.model.element.Modifier;

/** One provider of each required kind, at most one of every kind, each callable and returning the right type. */
final class ProviderCheck implements Check {

  @Override
  public void check(Experiment experiment, Reporter reporter) {
    for (ProviderKind kind : ProviderKind.values()) {
      List<Provider> providers = experiment.providers(kind);
      if (providers.isEmpty() && kind.required()) {
        reporter.report(Message.MISSING_PROVIDER, experiment.trainer().location(), experiment.simpleName(),
            kind.simpleName(), kind.expectedReturn());
      }
      for (Provider extra : providers.subList(Math.min(1, providers.size()), providers.size())) {
        reporter.report(Message.DUPLICATE_PROVIDER, extra.annotation(), kind.simpleName(),
            providers.get(0).name() + "()", kind.description());
      }
      providers.forEach(p -> checkSignature(p, reporter));
    }
  }

  /** Signature problems point at the method. */
  private static void checkSignature(Provider provider, Reporter reporter) {
    String annotation = provider.kind().simpleName();
    String method = provider.name() + "()";
    Location at = Location.of(provider.method());
    if (provider.method().getModifiers().contains(Modifier.PRIVATE)) {
      reporter.report(Message.PROVIDER_SIGNATURE, at, annotation, method,
          "is private; the generated module calls it, make it package-private or wider");
    }
    if (!provider.method().getParameters().isEmpty()) {
      reporter.report(Message.PROVIDER_SIGNATURE, at, annotation, method,
          "takes parameters; providers take none (inject what they need through the constructor)");
    }
    if (provider.returns() == ReturnKind.OTHER) {
      reporter.report(Message.PROVIDER_SIGNATURE, at, annotation, method,
          "returns " + provider.method().getReturnType() + "; return " + provider.kind().expectedReturn());
    }
    if (provider.kind() == ProviderKind.MODEL) {
      checkInputShape(provider, reporter);
    }
  }

  /** int64 input: a Module only (its first layer an Embedding), and never on a model that is built already. */
  private static void checkInputType(Provider model, Reporter reporter) {
    if (model.inputType().value() != InputType.INT64) {
      return;
    }
    switch (model.returns()) {
      case SEQUENTIAL -> reporter.report(Message.INT64_INPUT_NEEDS_MODULE, model.inputType().location());
      case FORWARD_MODEL -> reporter.report(Message.IGNORED_SETTING, model.inputType().location(), "inputType",
          "when @Model returns a ForwardModel (it was built for its input already)");
      default -> { } // a Module takes int64 input; other returns are reported as signatures
    }
  }

  private static void checkInputShape(Provider model, Reporter reporter) {
    List<Long> shape = model.inputShape().value();
    if (model.returns().builtForShape() && shape.isEmpty()) {
      reporter.report(Message.MISSING_INPUT_SHAPE, model.annotation());
    }
    if (model.returns() == ReturnKind.FORWARD_MODEL && !shape.isEmpty()) {
      reporter.report(Message.IGNORED_SETTING, model.inputShape().location(), "inputShape",
          "when @Model returns a ForwardModel (it was built for its input already)");
    }
    if (shape.stream().anyMatch(d -> d < 1)) {
      reporter.report(Message.OUT_OF_RANGE, model.inputShape().location(), "inputShape = " + shape
          + " has a dimension < 1; give the size of one sample without the batch, e.g. {1, 28, 28}");
    }
    checkInputType(model, reporter);
  }
}
