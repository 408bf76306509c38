package golden;

import dagger.BindsInstance;
import dagger.Component;
import dev.ortrain.loop.RunOptions;
import javax.annotation.processing.Generated;
import javax.inject.Singleton;

/**
 * Wires {@link FullExperiment} with its modules; {@code DaggerFullExperimentComponent.builder()} builds it.
 */
@Generated("dev.ortrain.processor.TrainerProcessor")
@Singleton
@Component(
    modules = FullExperimentModule.class
)
public interface FullExperimentComponent {
  FullExperimentTrainer trainer();

  FullExperiment experiment();

  @Component.Builder
  interface Builder {
    /**
     * Overrides of configuration and run directory, and added callbacks.
     */
    @BindsInstance
    Builder runOptions(RunOptions options);

    FullExperimentComponent build();
  }
}
