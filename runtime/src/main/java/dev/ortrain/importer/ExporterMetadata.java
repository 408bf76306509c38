package dev.ortrain.importer;

import dev.ortrain.onnx.proto.Onnx.NodeProto;
import dev.ortrain.onnx.proto.Onnx.StringStringEntryProto;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What PyTorch's dynamo exporter records on each node, which says what the exported graph no longer does:
 * the fx node it came from (with the parameters it read, as {@code %p_encoder_layers_0_norm1_weight}), the
 * module path, and the onnxscript rewrite rules that changed it.
 */
final class ExporterMetadata {
  static final String FX_NODE = "pkg.torch.onnx.fx_node";
  static final String NAME_SCOPES = "pkg.torch.onnx.name_scopes";
  static final String REWRITE_RULES = "pkg.onnxscript.rewriter.rule_name";
  private static final Pattern PARAMETER = Pattern.compile("%p_([A-Za-z0-9_]+)");

  private ExporterMetadata() {}

  /** The value recorded under {@code key}, or "" when the node has none (the TorchScript exporter's nodes). */
  static String of(NodeProto n, String key) {
    for (StringStringEntryProto e : n.getMetadataPropsList()) {
      if (e.getKey().equals(key)) {
        return e.getValue();
      }
    }
    return "";
  }

  /** The parameters the node's fx node reads, as torch.export spells them (see {@link #sanitize}). */
  static List<String> parametersRead(NodeProto n) {
    List<String> read = new ArrayList<>();
    Matcher m = PARAMETER.matcher(of(n, FX_NODE));
    while (m.find()) {
      read.add(m.group(1));
    }
    return read;
  }

  /** torch.export's placeholder spelling of a parameter name: every character other than [A-Za-z0-9_] → _. */
  static String sanitize(String name) {
    return name.replaceAll("[^A-Za-z0-9_]", "_");
  }
}
