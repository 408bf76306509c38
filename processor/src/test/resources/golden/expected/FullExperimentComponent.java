package golden;

import dagger.Component;
import javax.annotation.processing.Generated;
import javax.inject.Singleton;

/**
 * Wires {@link FullExperiment} with its modules; {@code DaggerFullExperimentComponent.create()} builds it
 * when no module needs an instance.
 */
@Generated("dev.ortrain.processor.TrainerProcessor")
@Singleton
@Component(
    modules = FullExperimentModule.class
)
public interface FullExperimentComponent {
  FullExperimentTrainer trainer();

  FullExperiment experiment();
}
