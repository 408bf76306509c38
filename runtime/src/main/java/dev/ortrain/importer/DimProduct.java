package dev.ortrain.importer;

import java.util.ArrayList;
import java.util.List;

/**
 * A product of dimensions as a known factor times symbols, so that reshapes of batched tensors keep the
 * batch symbol: [batch, 4, 4] flattened to [-1, 16] gives [batch, 16].
 */
final class DimProduct {
  private long known = 1;
  private final List<String> symbols = new ArrayList<>();

  static DimProduct of(List<Dim> dims) {
    DimProduct p = new DimProduct();
    dims.forEach(p::multiply);
    return p;
  }

  void multiply(Dim d) {
    if (d.isKnown()) {
      known *= d.size();
    } else {
      symbols.add(d.symbol());
    }
  }

  /**
   * This product divided by {@code divisor} as one dimension, or null when the quotient is not a single
   * known size or symbol (for example batch/2).
   */
  Dim divide(DimProduct divisor) {
    List<String> rest = new ArrayList<>(symbols);
    for (String s : divisor.symbols) {
      if (!rest.remove(s)) {
        return null;
      }
    }
    if (divisor.known == 0 || known % divisor.known != 0) {
      return null;
    }
    long factor = known / divisor.known;
    if (rest.isEmpty()) {
      return Dim.of(factor);
    }
    return rest.size() == 1 && factor == 1 ? Dim.symbolic(rest.get(0)) : null;
  }

  /** The product as one dimension, or null when it mixes a symbol with other factors. */
  Dim asDim() {
    return divide(new DimProduct());
  }
}
