package dev.ortrain.processor.model;

import javax.lang.model.element.VariableElement;

/** One parameter of a hook method and the value the loop would pass to it. */
public record HookParameter(VariableElement element, HookArgument argument) {}
