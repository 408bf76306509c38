package dev.ortrain.nn;

import dev.ortrain.graph.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Keras-style table of a model's layers, output shapes and parameter counts. */
final class ModelSummary {
  private record Row(String layer, String shape, long params) {}

  private ModelSummary() {}

  static String of(Sequential model, Shape input) {
    List<Row> rows = new ArrayList<>();
    rows.add(new Row("input", input.toString(), 0));
    long[] trainableAndFrozen = new long[2];
    model.visitLayers(input, "", model.isFrozen(), (path, layer, frozen, in, out) -> {
      long count = 0;
      for (ParameterSpec p : layer.parameters(in)) {
        count += p.elementCount();
        trainableAndFrozen[p.trainable() && !frozen ? 0 : 1] += p.elementCount();
      }
      rows.add(new Row(path + " (" + layer.describe() + ")" + (frozen ? " [frozen]" : ""), out.toString(), count));
    });
    return table(rows, trainableAndFrozen[0], trainableAndFrozen[1]);
  }

  /** The layers a trace applied, in order; a layer applied again shows where its weights live. */
  static String of(Tracer trace) {
    List<Row> rows = new ArrayList<>();
    trace.inputs().forEach((name, shape) -> rows.add(new Row(name, shape.toString(), 0)));
    for (Tracer.Call c : trace.calls()) {
      String layer = c.path() + " (" + c.description() + ")" + (c.frozen() ? " [frozen]" : "")
          + (c.sharedWith() == null ? "" : " shares " + c.sharedWith());
      rows.add(new Row(layer, c.outputShape(), c.parameters()));
    }
    long trainable = 0;
    long frozen = 0;
    for (ParameterSpec p : trace.parameters()) {
      if (p.trainable()) {
        trainable += p.elementCount();
      } else {
        frozen += p.elementCount();
      }
    }
    return table(rows, trainable, frozen);
  }

  private static String table(List<Row> rows, long trainable, long frozen) {
    int layerWidth = "Layer".length();
    int shapeWidth = "Output shape".length();
    int paramsWidth = "Params".length();
    for (Row r : rows) {
      layerWidth = Math.max(layerWidth, r.layer().length());
      shapeWidth = Math.max(shapeWidth, r.shape().length());
      paramsWidth = Math.max(paramsWidth, count(r.params()).length());
    }
    String format = "%-" + layerWidth + "s  %-" + shapeWidth + "s  %" + paramsWidth + "s%n";
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, format, "Layer", "Output shape", "Params"));
    String rule = "-".repeat(layerWidth + shapeWidth + paramsWidth + 4) + "\n";
    b.append(rule);
    for (Row r : rows) {
      b.append(String.format(Locale.ROOT, format, r.layer(), r.shape(), count(r.params())));
    }
    b.append(rule);
    b.append("Total params: ").append(count(trainable + frozen)).append('\n');
    b.append("Trainable params: ").append(count(trainable)).append('\n');
    b.append("Non-trainable params: ").append(count(frozen)).append('\n');
    return b.toString();
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
