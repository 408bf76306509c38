package dev.ortrain.cli;

import dev.ortrain.ort.Device;
import dev.ortrain.rules.ConfigRules;
import java.util.Locale;

/** {@code --device cpu|cuda|cuda:N}. */
final class DeviceOption {
  private DeviceOption() {}

  static Device parse(String text) {
    String device = text.trim().toLowerCase(Locale.ROOT);
    if (device.equals("cpu")) {
      return Device.cpu();
    }
    if (device.equals("cuda")) {
      return Device.cuda(0);
    }
    if (device.startsWith("cuda:")) {
      String ordinal = device.substring("cuda:".length());
      try {
        int id = Integer.parseInt(ordinal);
        ConfigRules.DEVICE_ID.check(id).ifPresent(message -> {
          throw new CliException(message);
        });
        return Device.cuda(id);
      } catch (NumberFormatException e) {
        throw new CliException("--device cuda:N needs a whole number N, got '" + ordinal + "'");
      }
    }
    throw new CliException("--device must be cpu, cuda or cuda:N, got '" + text + "'");
  }
}
