package dev.ortrain.processor.diagnostics;

import javax.tools.Diagnostic;

/**
 * Every diagnostic the processor reports: a stable tag (printed as {@code [ortrain/Tag]}, greppable and
 * tested), a severity, and a text that says what is wrong and what would be right.
 */
public enum Message {
  // Values
  OUT_OF_RANGE("OutOfRange", Diagnostic.Kind.ERROR, "%s"),
  BAD_DEVICE("BadDevice", Diagnostic.Kind.ERROR,
      "device = \"%s\" is not a device; use \"cpu\", \"cuda\" or \"cuda:<id>\""),
  BAD_DEVICE_ID("BadDevice", Diagnostic.Kind.ERROR,
      "device = \"%s\" names no GPU: \"%s\" is not a device id; use \"cuda:<id>\" with a number, e.g."
          + " \"cuda:0\" for the first GPU"),
  GPU_MEANS_CUDA("DeviceAlias", Diagnostic.Kind.NOTE,
      "device = \"%s\" means \"cuda:0\" (the first GPU)"),
  NESTEROV_WITHOUT_MOMENTUM("NesterovWithoutMomentum", Diagnostic.Kind.ERROR,
      "nesterov = true needs momentum > 0 (as in PyTorch); set momentum, e.g. 0.9"),
  IGNORED_SETTING("IgnoredSetting", Diagnostic.Kind.WARNING, "%s is ignored %s"),
  SUSPICIOUS("Suspicious", Diagnostic.Kind.WARNING, "%s"),
  CONFLICT("Conflict", Diagnostic.Kind.ERROR, "%s"),

  // Schedules
  WARMUP_TOO_LONG("WarmupTooLong", Diagnostic.Kind.ERROR, "%s"),
  SCHEDULE_TOO_LONG("ScheduleTooLong", Diagnostic.Kind.ERROR,
      "%s = %d is not shorter than the training (%s); the learning rate would never decay"),
  CHECKED_AT_RUN_TIME("CheckedAtRunTime", Diagnostic.Kind.NOTE,
      "%s = %d %s is checked against the training length when training starts (steps per epoch depend on the"
          + " size of the training data)"),
  MISSING_SCHEDULE_SETTING("MissingScheduleSetting", Diagnostic.Kind.ERROR, "type = %s needs %s (%s)"),
  MILESTONES_NOT_INCREASING("MilestonesNotIncreasing", Diagnostic.Kind.ERROR,
      "milestones must be strictly increasing, got %s"),
  MIN_LR_ABOVE_LR("MinLearningRateAboveLearningRate", Diagnostic.Kind.ERROR,
      "minLearningRate = %s is above learningRate = %s; the schedule would raise the learning rate"),
  SCHEDULE_TWICE("ScheduleTwice", Diagnostic.Kind.ERROR,
      "the schedule is both declared on %s and computed by %s; keep one of them"),
  SCHEDULE_METHOD("ScheduleMethod", Diagnostic.Kind.ERROR,
      "a @Schedule method must be declared as `double %s(long step, int epoch, double baseLr)` and be neither"
          + " private nor static; %s"),

  // Metrics
  UNKNOWN_METRIC("UnknownMetric", Diagnostic.Kind.ERROR,
      "%s = \"%s\" is not reported by validation, which reports %s%s"),
  INVALID_METRIC_NAME("InvalidMetricName", Diagnostic.Kind.ERROR, "%s"),
  DUPLICATE_METRIC_NAME("DuplicateMetricName", Diagnostic.Kind.ERROR, "%s"),

  // Validation data
  NEEDS_VALIDATION_DATA("NeedsValidationData", Diagnostic.Kind.ERROR,
      "%s needs validation data, but %s has no @ValidationData method; add one or remove %s"),

  // Providers
  MISSING_PROVIDER("MissingProvider", Diagnostic.Kind.ERROR,
      "%s has no @%s method; add one returning %s"),
  DUPLICATE_PROVIDER("DuplicateProvider", Diagnostic.Kind.ERROR,
      "@%s is already on %s; an experiment has one %s provider"),
  PROVIDER_SIGNATURE("ProviderSignature", Diagnostic.Kind.ERROR, "@%s method %s %s"),
  INT64_INPUT_NEEDS_MODULE("Int64InputNeedsModule", Diagnostic.Kind.ERROR,
      "inputType = INT64 is taken by a model written as a Module (its first layer an Embedding); return a Module,"
          + " or a ForwardModel built for int64 input"),
  MISSING_INPUT_SHAPE("MissingInputShape", Diagnostic.Kind.ERROR,
      "@Model returns a Sequential or a Module, which is built for an input shape; give it, e.g."
          + " @Model(inputShape = {1, 28, 28}) for one 28×28 grey-scale image"),

  // Hooks
  HOOK_PRIVATE("HookVisibility", Diagnostic.Kind.ERROR,
      "@%s method %s is private; the generated callback calls it directly, make it package-private or wider"),
  HOOK_STATIC("StaticHook", Diagnostic.Kind.ERROR,
      "@%s method %s is static; hooks run on the experiment instance, remove `static`"),
  HOOK_PARAMETER("HookParameter", Diagnostic.Kind.ERROR,
      "@%s cannot supply parameter `%s %s`; it supplies %s"),
  HOOK_RETURN_TYPE("HookReturnType", Diagnostic.Kind.ERROR,
      "@%s method %s returns %s; hooks return void (the training loop ignores results)"),

  // The experiment class
  EXPERIMENT_SHAPE("ExperimentClass", Diagnostic.Kind.ERROR, "@Trainer class %s %s"),
  NOT_CONSTRUCTIBLE("NotConstructible", Diagnostic.Kind.ERROR, "%s %s"),
  NOT_A_MODULE("NotAModule", Diagnostic.Kind.ERROR,
      "modules lists %s, which is not annotated with @dagger.Module"),
  OUTSIDE_EXPERIMENT("OutsideExperiment", Diagnostic.Kind.ERROR,
      "@%s on %s has no effect: %s is not annotated with @Trainer"),

  // The build: ortrain's generated components are implemented by Dagger, in the same compilation
  DAGGER_MISSING("DaggerMissing", Diagnostic.Kind.ERROR,
      "%s is wired by Dagger, but Dagger is not on the compile class path (there is no dagger.Component); add it"
          + " to the POM's dependencies (ortrain-bom manages its version):"
          + " <dependency><groupId>com.google.dagger</groupId><artifactId>dagger</artifactId></dependency>"),
  DAGGER_COMPILER_MISSING("DaggerCompilerMissing", Diagnostic.Kind.ERROR,
      "%s creates %s, which Dagger's annotation processor generates, but that processor did not run; put it on"
          + " the maven-compiler-plugin's annotationProcessorPaths next to ortrain-processor (3.12 or later takes"
          + " its version from ortrain-bom; else give the com.google.dagger:dagger dependency's):"
          + " <path><groupId>com.google.dagger</groupId><artifactId>dagger-compiler</artifactId></path>"),

  // The processor itself
  INTERNAL_ERROR("InternalError", Diagnostic.Kind.ERROR,
      "the ortrain processor failed on %s; please report it with this trace: %s");

  private final String tag;
  private final Diagnostic.Kind kind;
  private final String format;

  Message(String tag, Diagnostic.Kind kind, String format) {
    this.tag = tag;
    this.kind = kind;
    this.format = format;
  }

  public String tag() {
    return tag;
  }

  public Diagnostic.Kind kind() {
    return kind;
  }

  /** The full text: {@code [ortrain/Tag] } followed by the formatted message. */
  public String format(Object... args) {
    return "[ortrain/" + tag + "] " + String.format(java.util.Locale.ROOT, format, args);
  }
}
