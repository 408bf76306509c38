package dev.ortrain.importer;

import dev.ortrain.graph.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Conv and the pooling operators, on [N, C, spatial...] tensors. */
final class ConvolutionShapes {
  private ConvolutionShapes() {}

  static void register(Map<String, ShapeRule> rules) {
    rules.put("Conv", ConvolutionShapes::conv);
    rules.put("ConvTranspose", ConvolutionShapes::convTranspose);
    rules.put("MaxPool", n -> {
      List<Dim> out = pool(n);
      n.output(0, n.type(0), out);
      n.output(1, DataType.INT64, out); // the indices
    });
    rules.put("AveragePool", n -> n.output(0, n.type(0), pool(n)));
    rules.put("LpPool", n -> n.output(0, n.type(0), pool(n)));
    rules.put("GlobalAveragePool", ConvolutionShapes::global);
    rules.put("GlobalMaxPool", ConvolutionShapes::global);
  }

  static void conv(NodeShapes n) {
    List<Dim> x = n.shape(0);
    List<Dim> w = n.shape(1);
    int spatial = x.size() - 2;
    long[] kernel = new long[spatial];
    for (int i = 0; i < spatial; i++) {
      Dim k = w.get(i + 2);
      if (!k.isKnown()) {
        throw n.fail("the kernel size " + w + " must be known");
      }
      kernel[i] = k.size();
    }
    List<Dim> out = new ArrayList<>(List.of(x.get(0), w.get(0)));
    out.addAll(spatialOut(n, x, n.intsAttr("kernel_shape", kernel), false));
    n.output(0, n.type(0), out);
  }

  /**
   * [N, W.shape[1]·group, out...] with out = stride·(in − 1) + output_padding + (kernel − 1)·dilation + 1
   * − pad_begin − pad_end, or the spatial entries of {@code output_shape} when it is given.
   */
  static void convTranspose(NodeShapes n) {
    List<Dim> x = n.shape(0);
    List<Dim> w = n.shape(1);
    int spatial = x.size() - 2;
    long group = n.intAttr("group", 1);
    Dim channels = w.get(1).isKnown() ? Dim.of(w.get(1).size() * group) : n.freshSymbol();
    List<Dim> out = new ArrayList<>(List.of(x.get(0), channels));
    long[] outputShape = n.intsAttr("output_shape", null);
    if (outputShape != null) {
      if (outputShape.length < spatial) {
        throw n.fail("output_shape " + java.util.Arrays.toString(outputShape) + " has fewer entries than the "
            + spatial + " spatial axes of its input " + x);
      }
      for (int i = 0; i < spatial; i++) {
        out.add(Dim.of(outputShape[outputShape.length - spatial + i]));
      }
      n.output(0, n.type(0), out);
      return;
    }
    String autoPad = n.stringAttr("auto_pad", "NOTSET");
    if (!autoPad.equals("NOTSET") && !autoPad.equals("VALID")) {
      throw n.fail("auto_pad '" + autoPad + "' is not supported; export with explicit pads or an output_shape");
    }
    long[] kernel = n.intsAttr("kernel_shape", null);
    long[] strides = n.intsAttr("strides", filled(spatial, 1));
    long[] dilations = n.intsAttr("dilations", filled(spatial, 1));
    long[] pads = autoPad.equals("VALID") ? filled(2 * spatial, 0) : n.intsAttr("pads", filled(2 * spatial, 0));
    long[] outputPadding = n.intsAttr("output_padding", filled(spatial, 0));
    for (int i = 0; i < spatial; i++) {
      Dim in = x.get(i + 2);
      long k;
      if (kernel != null) {
        k = kernel[i];
      } else if (w.get(i + 2).isKnown()) {
        k = w.get(i + 2).size();
      } else {
        throw n.fail("the kernel size " + w + " must be known");
      }
      out.add(in.isKnown() ? Dim.of(strides[i] * (in.size() - 1) + outputPadding[i] + (k - 1) * dilations[i] + 1
          - pads[i] - pads[i + spatial]) : n.freshSymbol());
    }
    n.output(0, n.type(0), out);
  }

  static List<Dim> pool(NodeShapes n) {
    List<Dim> x = n.shape(0);
    if (!n.hasAttr("kernel_shape")) {
      throw n.fail("it has no kernel_shape attribute");
    }
    List<Dim> out = new ArrayList<>(List.of(x.get(0), x.get(1)));
    out.addAll(spatialOut(n, x, n.intsAttr("kernel_shape", null), n.intAttr("ceil_mode", 0) != 0));
    return out;
  }

  static void global(NodeShapes n) {
    List<Dim> x = n.shape(0);
    List<Dim> out = new ArrayList<>(List.of(x.get(0), x.get(1)));
    for (int i = 2; i < x.size(); i++) {
      out.add(Dim.of(1));
    }
    n.output(0, n.type(0), out);
  }

  /** Output sizes of the spatial axes, as in the ONNX Conv/Pool specifications. */
  private static List<Dim> spatialOut(NodeShapes n, List<Dim> x, long[] kernel, boolean ceil) {
    int spatial = x.size() - 2;
    if (kernel.length != spatial) {
      throw n.fail("kernel_shape " + java.util.Arrays.toString(kernel) + " does not match input " + x);
    }
    long[] strides = n.intsAttr("strides", filled(spatial, 1));
    long[] dilations = n.intsAttr("dilations", filled(spatial, 1));
    long[] pads = n.intsAttr("pads", filled(2 * spatial, 0));
    String autoPad = n.stringAttr("auto_pad", "NOTSET");
    List<Dim> out = new ArrayList<>();
    for (int i = 0; i < spatial; i++) {
      Dim in = x.get(i + 2);
      if (!in.isKnown()) {
        out.add(n.freshSymbol());
        continue;
      }
      long size = in.size();
      long effectiveKernel = (kernel[i] - 1) * dilations[i] + 1;
      long s = strides[i];
      long o;
      switch (autoPad) {
        case "SAME_UPPER", "SAME_LOWER" -> o = ceilDiv(size, s);
        case "VALID" -> o = ceilDiv(size - effectiveKernel + 1, s);
        case "NOTSET" -> {
          long padded = size + pads[i] + pads[i + spatial] - effectiveKernel;
          o = (ceil ? ceilDiv(padded, s) : Math.floorDiv(padded, s)) + 1;
          if (ceil && (o - 1) * s >= size + pads[i]) {
            o--; // the last window would start in the padding
          }
        }
        default -> throw n.fail("unknown auto_pad '" + autoPad + "'");
      }
      if (o <= 0) {
        throw n.fail("spatial size " + size + " is too small for kernel " + kernel[i]);
      }
      out.add(Dim.of(o));
    }
    return out;
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }

  private static long[] filled(int count, long value) {
    long[] a = new long[count];
    java.util.Arrays.fill(a, value);
    return a;
  }
}
