package dev.ortrain.importer;

import java.util.List;
import java.util.Map;

/** The model uses operators ortrain cannot train through or cannot type; lists every one with its nodes. */
public final class UnsupportedOperatorsException extends ModelImportException {
  private static final long serialVersionUID = 1L;

  private final transient Map<String, List<String>> nodesByOperator;

  UnsupportedOperatorsException(String message, Map<String, List<String>> nodesByOperator) {
    super(message);
    this.nodesByOperator = Map.copyOf(nodesByOperator);
  }

  /** Operator ({@code op_type}, or {@code domain::op_type} outside the standard domain) → node names. */
  public Map<String, List<String>> nodesByOperator() {
    return nodesByOperator;
  }
}
