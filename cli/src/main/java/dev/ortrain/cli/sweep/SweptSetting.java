package dev.ortrain.cli.sweep;

import java.util.List;

/** A setting a sweep varies, by grid or at random. */
public sealed interface SweptSetting permits GridAxis, RandomAxis {
  String key();

  /** The values whose check stands for every value the sweep gives this setting. */
  List<String> representatives();

  /** How its values lie on the plot's axis. */
  Scale scale();

  /** As written on the command line after {@code --grid} or {@code --random}. */
  String spec();
}
