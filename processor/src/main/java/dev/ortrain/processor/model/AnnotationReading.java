package dev.ortrain.processor.model;

import dev.ortrain.processor.diagnostics.Location;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.util.Elements;

/**
 * One annotation's attributes by name, defaults included, and where each was written. The only place the
 * processor looks attributes up by name: the typed models are built from it once, in {@link ExperimentReader}.
 */
final class AnnotationReading {
  private final Element element;
  private final AnnotationMirror mirror;
  private final Map<String, AnnotationValue> values;
  private final Set<String> explicit;

  private AnnotationReading(Element element, AnnotationMirror mirror, Map<String, AnnotationValue> values,
      Set<String> explicit) {
    this.element = element;
    this.mirror = mirror;
    this.values = values;
    this.explicit = explicit;
  }

  static AnnotationReading of(Element element, AnnotationMirror mirror, Elements elements) {
    Map<String, AnnotationValue> values = new LinkedHashMap<>();
    elements.getElementValuesWithDefaults(mirror).forEach((attribute, value) ->
        values.put(name(attribute), value));
    Set<String> explicit = mirror.getElementValues().keySet().stream().map(AnnotationReading::name)
        .collect(Collectors.toSet());
    return new AnnotationReading(element, mirror, values, explicit);
  }

  private static String name(ExecutableElement attribute) {
    return attribute.getSimpleName().toString();
  }

  /** Every attribute's name, in the annotation's declaration order. */
  Set<String> names() {
    return values.keySet();
  }

  /** The value as javac holds it: a boxed primitive, a String, a VariableElement, a TypeMirror or a List. */
  Object value(String name) {
    return annotationValue(name).getValue();
  }

  /** An array attribute's elements, each with its own location so a diagnostic can point at one of them. */
  <T> List<Declared<T>> elements(String name, Class<T> type) {
    @SuppressWarnings("unchecked")
    List<? extends AnnotationValue> items = (List<? extends AnnotationValue>) value(name);
    return items.stream().map(item -> new Declared<>(type.cast(item.getValue()),
        isExplicit(name) ? new Location(element, mirror, item) : location())).toList();
  }

  boolean isExplicit(String name) {
    annotationValue(name);
    return explicit.contains(name);
  }

  /** The attribute's value when it was written, else the whole annotation (a default has no text of its own). */
  Location at(String name) {
    return isExplicit(name) ? new Location(element, mirror, annotationValue(name)) : location();
  }

  Location location() {
    return Location.of(element, mirror);
  }

  private AnnotationValue annotationValue(String name) {
    AnnotationValue value = values.get(name);
    if (value == null) {
      throw new IllegalStateException("@" + mirror.getAnnotationType().asElement().getSimpleName()
          + " has no attribute " + name);
    }
    return value;
  }
}
