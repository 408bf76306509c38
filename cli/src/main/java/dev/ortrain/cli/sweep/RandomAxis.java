package dev.ortrain.cli.sweep;

import java.util.List;

/** {@code --random KEY=DISTRIBUTION}: each random configuration draws this setting's value. */
public record RandomAxis(String key, Distribution distribution) implements SweptSetting {
  private static final String OPTION = "--random";

  public static RandomAxis parse(String text) {
    Assignment assignment = Assignment.parse(OPTION, text, "KEY=DISTRIBUTION, e.g. weightDecay=loguniform:1e-5:1e-2");
    return new RandomAxis(assignment.key(), DistributionKind.parseSpec(assignment.key(), assignment.rest()));
  }

  /** The same distribution for the setting by another spelling of its key. */
  public RandomAxis withKey(String canonical) {
    return new RandomAxis(canonical, distribution);
  }

  @Override
  public List<String> representatives() {
    return distribution.representatives();
  }

  @Override
  public Scale scale() {
    return distribution.scale();
  }

  @Override
  public String spec() {
    return key + "=" + distribution.spec();
  }
}
