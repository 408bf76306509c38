package dev.ortrain.graph;

import dev.ortrain.onnx.proto.Onnx.AttributeProto;
import dev.ortrain.onnx.proto.Onnx.GraphProto;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import dev.ortrain.onnx.proto.Onnx.TensorProto;
import dev.ortrain.onnx.proto.Onnx.ValueInfoProto;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Accumulates an ONNX graph: inputs, outputs, initializers, nodes and known value types. Names are
 * checked for uniqueness as they are added; {@link #freshName} makes new ones.
 */
public final class GraphBuilder {
  private final String name;
  private final List<ValueInfoProto> inputs = new ArrayList<>();
  private final List<ValueInfoProto> outputs = new ArrayList<>();
  private final Map<String, TensorProto> initializers = new LinkedHashMap<>();
  private final List<NodeProto> nodes = new ArrayList<>();
  private final Map<String, TensorType> types = new LinkedHashMap<>();
  private final Set<String> declaredValueInfo = new HashSet<>();
  private final Set<String> usedNames = new HashSet<>(); // reserved by freshName or defined
  private final Set<String> defined = new HashSet<>(); // inputs, initializers and node outputs
  private final Map<String, Integer> counters = new HashMap<>();
  private final List<NodeGroup> groups = new ArrayList<>();

  public GraphBuilder(String name) {
    this.name = name;
  }

  /** Starts from an existing graph, keeping its inputs, outputs, initializers, nodes and value infos. */
  public static GraphBuilder from(GraphProto graph) {
    GraphBuilder b = new GraphBuilder(graph.getName());
    for (TensorProto t : graph.getInitializerList()) {
      b.initializers.put(t.getName(), t);
      b.usedNames.add(t.getName());
      b.defined.add(t.getName());
      b.types.put(t.getName(), new TensorType(DataType.fromOnnx(t.getDataType()), Shape.of(Tensors.dims(t))));
    }
    for (ValueInfoProto v : graph.getInputList()) {
      if (!b.initializers.containsKey(v.getName())) {
        b.inputs.add(v);
        b.defined.add(v.getName());
      }
      b.remember(v);
    }
    for (NodeProto n : graph.getNodeList()) {
      b.nodes.add(n);
      b.usedNames.addAll(n.getOutputList());
      b.defined.addAll(n.getOutputList());
      if (n.hasName()) {
        b.usedNames.add(n.getName());
      }
    }
    for (ValueInfoProto v : graph.getValueInfoList()) {
      b.remember(v);
      b.declaredValueInfo.add(v.getName());
    }
    for (ValueInfoProto v : graph.getOutputList()) {
      b.outputs.add(v);
      b.remember(v);
    }
    return b;
  }

  private void remember(ValueInfoProto v) {
    usedNames.add(v.getName());
    TensorType t = v.hasType() ? TensorType.fromProto(v.getType()) : null;
    if (t != null) {
      types.put(v.getName(), t);
    }
  }

  /** Declares a graph input. */
  public String input(String valueName, TensorType type) {
    claim(valueName);
    inputs.add(type.valueInfo(valueName));
    types.put(valueName, type);
    return valueName;
  }

  /** Declares a graph input of a non-tensor type (the optimizer's sequences). */
  public String input(ValueInfoProto info) {
    claim(info.getName());
    inputs.add(info);
    return info.getName();
  }

  /** Declares an existing value as a graph output. */
  public void output(String valueName, TensorType type) {
    outputs.add(type.valueInfo(valueName));
    types.put(valueName, type);
  }

  public void output(ValueInfoProto info) {
    outputs.add(info);
  }

  /** Adds a constant. */
  public String initializer(TensorProto tensor) {
    claim(tensor.getName());
    initializers.put(tensor.getName(), tensor);
    types.put(tensor.getName(), new TensorType(DataType.fromOnnx(tensor.getDataType()), Shape.of(Tensors.dims(tensor))));
    return tensor.getName();
  }

  /** A float scalar constant with a fresh name. */
  public String scalar(String hint, float value) {
    return initializer(Tensors.floats(freshName(hint), new long[0], value));
  }

  /** An int64 vector constant with a fresh name. */
  public String int64s(String hint, long... values) {
    return initializer(Tensors.int64s(freshName(hint), new long[] {values.length}, values));
  }

  /** Records the type of a value; written to the graph's value_info when it is neither input nor output. */
  public void valueType(String valueName, TensorType type) {
    types.put(valueName, type);
    declaredValueInfo.add(valueName);
  }

  /** The known type of a value, or null. */
  public TensorType typeOf(String valueName) {
    return types.get(valueName);
  }

  public boolean isInitializer(String valueName) {
    return initializers.containsKey(valueName);
  }

  public TensorProto initializerOf(String valueName) {
    return initializers.get(valueName);
  }

  /** Removes an initializer and returns it (to turn a parameter into a graph input). */
  public TensorProto removeInitializer(String valueName) {
    defined.remove(valueName);
    return initializers.remove(valueName);
  }

  public Collection<TensorProto> initializers() {
    return initializers.values();
  }

  public List<NodeProto> nodes() {
    return nodes;
  }

  public List<ValueInfoProto> inputs() {
    return inputs;
  }

  public List<ValueInfoProto> outputs() {
    return outputs;
  }

  /** Starts a node in the standard domain. */
  public NodeBuilder node(String opType) {
    return new NodeBuilder(this, opType, Domains.ONNX);
  }

  /** Starts a node in ONNX Runtime's {@code com.microsoft} domain. */
  public NodeBuilder msNode(String opType) {
    return new NodeBuilder(this, opType, Domains.MICROSOFT);
  }

  /** Adds a finished node; its outputs must be new names (empty strings mark omitted outputs). */
  public void add(NodeProto node) {
    for (String out : node.getOutputList()) {
      if (!out.isEmpty()) {
        claim(out);
      }
    }
    nodes.add(node);
  }

  /** Marks nodes already added as a group that differentiation treats as one node (see {@link NodeGroup}). */
  public void group(NodeGroup group) {
    groups.add(group);
  }

  /** The groups marked with {@link #group}, in the order they were marked. */
  public List<NodeGroup> groups() {
    return List.copyOf(groups);
  }

  /** A name not used yet in this graph, derived from the hint. */
  public String freshName(String hint) {
    if (!usedNames.contains(hint)) {
      usedNames.add(hint);
      return hint;
    }
    int i = counters.getOrDefault(hint, 1);
    String candidate;
    do {
      candidate = hint + "_" + i++;
    } while (usedNames.contains(candidate));
    counters.put(hint, i);
    usedNames.add(candidate);
    return candidate;
  }

  private void claim(String valueName) {
    if (!defined.add(valueName)) {
      throw new IllegalArgumentException("The value '" + valueName + "' is already defined in graph '" + name + "'");
    }
    usedNames.add(valueName);
  }

  public GraphProto build() {
    GraphProto.Builder g = GraphProto.newBuilder().setName(name);
    g.addAllInput(inputs).addAllOutput(outputs).addAllInitializer(initializers.values()).addAllNode(nodes);
    Set<String> io = new HashSet<>();
    inputs.forEach(v -> io.add(v.getName()));
    outputs.forEach(v -> io.add(v.getName()));
    for (Map.Entry<String, TensorType> e : types.entrySet()) {
      if (declaredValueInfo.contains(e.getKey()) && !io.contains(e.getKey())
          && !initializers.containsKey(e.getKey())) {
        g.addValueInfo(e.getValue().valueInfo(e.getKey()));
      }
    }
    return g.build();
  }

  /** Fluent construction of one node. */
  public static final class NodeBuilder {
    private final GraphBuilder graph;
    private final NodeProto.Builder node;

    NodeBuilder(GraphBuilder graph, String opType, String domain) {
      this.graph = graph;
      this.node = NodeProto.newBuilder().setOpType(opType);
      if (!domain.isEmpty()) {
        node.setDomain(domain);
      }
    }

    public NodeBuilder name(String nodeName) {
      node.setName(graph.freshName(nodeName));
      return this;
    }

    /** Inputs by value name; "" marks an omitted optional input. */
    public NodeBuilder inputs(String... values) {
      for (String v : values) {
        node.addInput(v);
      }
      return this;
    }

    public NodeBuilder attr(AttributeProto a) {
      node.addAttribute(a);
      return this;
    }

    public NodeBuilder attr(String attrName, long value) {
      return attr(Attributes.of(attrName, value));
    }

    public NodeBuilder attr(String attrName, float value) {
      return attr(Attributes.of(attrName, value));
    }

    public NodeBuilder attr(String attrName, String value) {
      return attr(Attributes.of(attrName, value));
    }

    public NodeBuilder ints(String attrName, long... values) {
      return attr(Attributes.ints(attrName, values));
    }

    /** Copies all attributes of another node (a gradient op takes its forward op's attributes). */
    public NodeBuilder attrsFrom(NodeProto forward) {
      node.addAllAttribute(forward.getAttributeList());
      return this;
    }

    /** Adds the node with the given output names ("" for an omitted optional output). */
    public List<String> outputs(String... names) {
      for (String n : names) {
        node.addOutput(n);
      }
      if (!node.hasName()) {
        node.setName(graph.freshName(node.getOpType() + "_" + firstNonEmpty(names)));
      }
      graph.add(node.build());
      return List.of(names);
    }

    /** Adds the node with one output given a fresh name from the hint. */
    public String output(String hint) {
      return outputs(graph.freshName(hint)).get(0);
    }

    private static String firstNonEmpty(String[] names) {
      for (String n : names) {
        if (!n.isEmpty()) {
          return n;
        }
      }
      return "node";
    }
  }
}
