package dev.ortrain.cli.sweep;

import java.util.List;

/** {@code --grid KEY=A,B,...}: every configuration is tried with each of these values. */
public record GridAxis(String key, List<String> values) implements SweptSetting {
  private static final String OPTION = "--grid";

  public GridAxis {
    values = List.copyOf(values);
  }

  public static GridAxis parse(String text) {
    Assignment assignment = Assignment.parse(OPTION, text, "KEY=VALUE,VALUE,..., e.g. learningRate=1e-3,3e-3");
    return new GridAxis(assignment.key(), ValueList.parse(OPTION + " " + assignment.key() + "=", assignment.rest()));
  }

  /** The same values for the setting by another spelling of its key. */
  public GridAxis withKey(String canonical) {
    return new GridAxis(canonical, values);
  }

  @Override
  public List<String> representatives() {
    return values;
  }

  @Override
  public Scale scale() {
    return Scale.of(values);
  }

  @Override
  public String spec() {
    return key + "=" + String.join(",", values);
  }
}
