package dev.ortrain.processor.model;

import dev.ortrain.processor.diagnostics.Location;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/** An annotation on an element with all its attributes, defaults included, read from its mirror. */
public record AnnotationModel(Element element, AnnotationMirror mirror, Map<String, Setting> settings) {

  static AnnotationModel read(Element element, AnnotationMirror mirror, Elements elements) {
    Map<? extends ExecutableElement, ? extends AnnotationValue> explicit = mirror.getElementValues();
    Map<String, Setting> settings = new LinkedHashMap<>();
    elements.getElementValuesWithDefaults(mirror).forEach((attribute, value) -> {
      String name = attribute.getSimpleName().toString();
      boolean given = explicit.containsKey(attribute);
      Location location = given ? new Location(element, mirror, value) : Location.of(element, mirror);
      settings.put(name, new Setting(name, plain(value.getValue()), given, location));
    });
    return new AnnotationModel(element, mirror, settings);
  }

  /** Enum constants become their names, arrays lists, so the model holds no annotation-processing types but classes. */
  private static Object plain(Object value) {
    if (value instanceof VariableElement constant) {
      return constant.getSimpleName().toString();
    }
    if (value instanceof List<?> values) {
      List<Object> items = new ArrayList<>();
      for (Object item : values) {
        items.add(plain(((AnnotationValue) item).getValue()));
      }
      return items;
    }
    return value;
  }

  public Setting get(String name) {
    Setting setting = settings.get(name);
    if (setting == null) {
      throw new IllegalArgumentException("@" + mirror.getAnnotationType().asElement().getSimpleName()
          + " has no attribute " + name);
    }
    return setting;
  }

  public int intValue(String name) {
    return get(name).intValue();
  }

  public long longValue(String name) {
    return get(name).longValue();
  }

  public double doubleValue(String name) {
    return get(name).doubleValue();
  }

  public boolean booleanValue(String name) {
    return get(name).booleanValue();
  }

  public String stringValue(String name) {
    return get(name).stringValue();
  }

  public boolean isExplicit(String name) {
    return get(name).explicit();
  }

  public Location at(String name) {
    return get(name).location();
  }

  /** The whole annotation, for problems that belong to no single attribute. */
  public Location location() {
    return Location.of(element, mirror);
  }

  public List<Long> longs(String name) {
    return get(name).listValue();
  }

  public List<String> strings(String name) {
    return get(name).listValue();
  }

  public List<TypeMirror> types(String name) {
    return get(name).listValue();
  }
}
