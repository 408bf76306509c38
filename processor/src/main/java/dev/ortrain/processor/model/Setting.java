package dev.ortrain.processor.model;

import dev.ortrain.processor.diagnostics.Location;
import java.util.List;
import javax.lang.model.type.TypeMirror;

/**
 * One annotation attribute as the processor sees it: its value in plain Java terms (numbers, booleans,
 * strings, enum constant names, {@link TypeMirror}s for classes, {@link List}s for arrays) and where to point
 * a diagnostic about it.
 *
 * @param explicit whether the user wrote it (false: the annotation's default)
 * @param location the attribute's value when explicit, else the whole annotation
 */
public record Setting(String name, Object value, boolean explicit, Location location) {

  public int intValue() {
    return ((Number) value).intValue();
  }

  public long longValue() {
    return ((Number) value).longValue();
  }

  public double doubleValue() {
    return ((Number) value).doubleValue();
  }

  public boolean booleanValue() {
    return (Boolean) value;
  }

  /** A string, or an enum constant's name. */
  public String stringValue() {
    return (String) value;
  }

  @SuppressWarnings("unchecked")
  public <T> List<T> listValue() {
    return (List<T>) value;
  }
}
