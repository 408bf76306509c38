package dev.ortrain.processor;

import com.google.auto.service.AutoService;
import dev.ortrain.annotations.Trainer;
import dev.ortrain.processor.diagnostics.Location;
import dev.ortrain.processor.diagnostics.Message;
import dev.ortrain.processor.diagnostics.Reporter;
import dev.ortrain.processor.generation.ExperimentGenerator;
import dev.ortrain.processor.generation.ServiceFile;
import dev.ortrain.processor.model.Experiment;
import dev.ortrain.processor.model.ExperimentReader;
import dev.ortrain.processor.model.HookEvent;
import dev.ortrain.processor.model.ProviderKind;
import dev.ortrain.processor.validation.DaggerCompilerCheck;
import dev.ortrain.processor.validation.ExperimentValidator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;

/**
 * Checks {@code @Trainer} experiments and generates their trainers, modules, components and registrations
 * (listed for runners in one {@code META-INF/services} file). Each experiment is
 * read into a model, validated as a whole (every problem is reported, each on the element and annotation value
 * it concerns), and generated only when it has no error; a broken experiment never stops the others, and an
 * unexpected exception becomes an error on the experiment instead of crashing javac.
 */
@AutoService(Processor.class)
public final class TrainerProcessor extends AbstractProcessor {
  private final ExperimentStep customStep;
  private ExperimentStep step;
  private ExperimentReader reader;
  private ServiceFile serviceFile;
  private DaggerCompilerCheck daggerCompilerCheck;
  /** Whether the current round is the last, in which generated components are no longer seen by Dagger. */
  private boolean lastRound;
  /** Experiments that referred to types not generated yet, by name, to read again next round. */
  private final Set<String> deferred = new LinkedHashSet<>();

  public TrainerProcessor() {
    this(null);
  }

  /** With a step of the test's choosing, to check how the processor handles a step that throws. */
  TrainerProcessor(ExperimentStep step) {
    this.customStep = step;
  }

  @Override
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    reader = new ExperimentReader(env);
    ExperimentValidator validator = new ExperimentValidator(env.getElementUtils());
    daggerCompilerCheck = new DaggerCompilerCheck(env.getElementUtils());
    ExperimentGenerator generator = new ExperimentGenerator(env.getFiler());
    serviceFile = new ServiceFile(env.getFiler());
    step = customStep != null ? customStep : (type, reporter) -> {
      Experiment experiment = reader.read(type);
      validator.validate(experiment, reporter);
      if (!reporter.hasErrors()) {
        generator.generate(experiment);
        serviceFile.add(type);
        if (!lastRound) {
          daggerCompilerCheck.generated(type);
        }
      }
    };
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    Set<String> names = new LinkedHashSet<>();
    for (Class<? extends Annotation> annotation : annotations()) {
      names.add(annotation.getCanonicalName());
    }
    return names;
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    lastRound = round.processingOver();
    if (lastRound) {
      // Before the experiments deferred to this round, which are generated too late for Dagger.
      daggerCompilerCheck.reportMissing(round.errorRaised(), new Reporter(processingEnv.getMessager()));
    }
    List<TypeElement> experiments = new ArrayList<>();
    for (String name : deferred) {
      TypeElement type = processingEnv.getElementUtils().getTypeElement(name);
      if (type != null) {
        experiments.add(type);
      }
    }
    deferred.clear();
    experiments.addAll(ElementFilter.typesIn(round.getElementsAnnotatedWith(Trainer.class)));
    for (TypeElement experiment : experiments) {
      if (!round.processingOver() && reader.hasUnresolvedTypes(experiment)) {
        deferred.add(experiment.getQualifiedName().toString());
      } else {
        processSafely(experiment);
      }
    }
    reportOutsideExperiments(round);
    if (round.processingOver()) {
      serviceFile.write();
    }
    return false;
  }

  private void processSafely(TypeElement experiment) {
    Reporter reporter = new Reporter(processingEnv.getMessager());
    try {
      step.process(experiment, reporter);
    } catch (RuntimeException | LinkageError e) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      reporter.report(Message.INTERNAL_ERROR, Location.of(experiment), experiment.getQualifiedName(), trace);
    }
  }

  /** Provider and hook annotations do nothing outside a {@code @Trainer} class; say so instead of ignoring them. */
  private void reportOutsideExperiments(RoundEnvironment round) {
    Reporter reporter = new Reporter(processingEnv.getMessager());
    for (Class<? extends Annotation> annotation : annotations()) {
      if (annotation == Trainer.class) {
        continue;
      }
      for (Element element : round.getElementsAnnotatedWith(annotation)) {
        Element owner = element.getEnclosingElement();
        boolean onMethod = element.getKind() == ElementKind.METHOD;
        if (onMethod && owner.getAnnotation(Trainer.class) == null) {
          reporter.report(Message.OUTSIDE_EXPERIMENT, Location.of(element), annotation.getSimpleName(),
              element.getSimpleName() + "()", owner.getSimpleName());
        }
      }
    }
  }

  private static List<Class<? extends Annotation>> annotations() {
    List<Class<? extends Annotation>> all = new ArrayList<>();
    all.add(Trainer.class);
    all.add(dev.ortrain.annotations.Schedule.class);
    for (ProviderKind kind : ProviderKind.values()) {
      all.add(kind.annotation());
    }
    for (HookEvent event : HookEvent.values()) {
      all.add(event.annotation());
    }
    return all;
  }
}
