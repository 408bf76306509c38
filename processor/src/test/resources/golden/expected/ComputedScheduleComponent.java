package golden;

import dagger.BindsInstance;
import dagger.Component;
import dev.ortrain.loop.RunOptions;
import javax.annotation.processing.Generated;
import javax.inject.Singleton;

/**
 * Wires {@link ComputedSchedule} with its modules; {@code DaggerComputedScheduleComponent.builder()} builds it.
 */
@Generated("dev.ortrain.processor.TrainerProcessor")
@Singleton
@Component(
    modules = ComputedScheduleModule.class
)
interface ComputedScheduleComponent {
  ComputedScheduleTrainer trainer();

  ComputedSchedule experiment();

  @Component.Builder
  interface Builder {
    /**
     * Overrides of configuration and run directory, and added callbacks.
     */
    @BindsInstance
    Builder runOptions(RunOptions options);

    ComputedScheduleComponent build();
  }
}
