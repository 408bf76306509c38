package dev.ortrain.examples;

import dagger.Module;
import dagger.Provides;
import javax.inject.Singleton;

/** Gives the diabetes experiment its data, read once per component. */
@Module
public final class DiabetesModule {
  private DiabetesModule() {}

  @Provides
  @Singleton
  static DiabetesData data() {
    return DiabetesData.shipped();
  }
}
