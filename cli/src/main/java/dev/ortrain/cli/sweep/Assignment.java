package dev.ortrain.cli.sweep;

/** {@code KEY=REST} as an option gives it, split at its first '='. */
record Assignment(String key, String rest) {
  static Assignment parse(String option, String text, String example) {
    int equals = text.indexOf('=');
    if (equals <= 0) {
      throw new SweepInputException(option + " expects " + example + ", got '" + text + "'");
    }
    return new Assignment(text.substring(0, equals).trim(), text.substring(equals + 1).trim());
  }
}
