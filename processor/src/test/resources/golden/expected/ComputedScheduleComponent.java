package golden;

import dagger.Component;
import javax.annotation.processing.Generated;
import javax.inject.Singleton;

/**
 * Wires {@link ComputedSchedule} with its modules; {@code DaggerComputedScheduleComponent.create()} builds it
 * when no module needs an instance.
 */
@Generated("dev.ortrain.processor.TrainerProcessor")
@Singleton
@Component(
    modules = ComputedScheduleModule.class
)
interface ComputedScheduleComponent {
  ComputedScheduleTrainer trainer();

  ComputedSchedule experiment();
}
