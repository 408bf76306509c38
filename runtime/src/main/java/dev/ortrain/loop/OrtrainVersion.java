package dev.ortrain.loop;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of ortrain that runs, from the build (Maven fills {@value #RESOURCE}). Part of a checkpoint's
 * fingerprint: another version may generate other graphs, so its checkpoints would not resume exactly.
 */
final class OrtrainVersion {
  static final String RESOURCE = "/dev/ortrain/ortrain-version.properties";

  private OrtrainVersion() {}

  static String current() {
    try (InputStream in = OrtrainVersion.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from ortrain's jar; rebuild it with Maven");
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + RESOURCE, e);
    }
  }
}
