package dev.ortrain.gradients;

import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A family of gradient checks: subclasses provide a static {@code cases()} of {@link #check} arguments, each
 * building one small graph that {@link GradientCheck#verify} compares against finite differences.
 */
abstract class GradientCheckCases {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesFiniteDifferences(String name, Supplier<GradientCheck> check) {
    check.get().verify(dir);
  }

  static Arguments check(String name, Supplier<GradientCheck> build) {
    return Arguments.of(name, build);
  }
}
