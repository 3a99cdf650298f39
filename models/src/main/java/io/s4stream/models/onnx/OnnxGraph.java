package io.s4stream.models.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds one ONNX model (IR 8, default opset 17) node by node and serializes it. Names are made
 * unique with a counter, so compiler code reads as a sequence of operations.
 */
public final class OnnxGraph {
    static final int IR_VERSION = 8;
    static final int OPSET = 17;
    private static final int FLOAT = 1;
    private static final int INT64 = 7;

    private final String name;
    private final List<ProtoWriter> nodes = new ArrayList<>();
    private final List<ProtoWriter> initializers = new ArrayList<>();
    private final List<ProtoWriter> inputs = new ArrayList<>();
    private final List<ProtoWriter> outputs = new ArrayList<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();
    /** The node lists of the branches being built around the current one (outermost: the graph's). */
    private final Deque<List<ProtoWriter>> enclosing = new ArrayDeque<>();
    /** Where {@link #op} adds nodes: the graph's own list, or the branch begun last. */
    private List<ProtoWriter> target = nodes;
    private int counter;
    private int nodeCount;

    public OnnxGraph(String name) {
        this.name = name;
    }

    /** A fresh value name with a readable stem. */
    public String fresh(String stem) {
        return stem + "_" + counter++;
    }

    /** A graph input of element type float; a negative dimension is symbolic ("batch"). */
    public String input(String valueName, long... dims) {
        inputs.add(valueInfo(valueName, dims));
        return valueName;
    }

    /** Marks value {@code source} as graph output {@code valueName} (an Identity node renames it). */
    public void output(String source, String valueName, long... dims) {
        node("Identity", List.of(source), List.of(valueName), Map.of());
        outputs.add(valueInfo(valueName, dims));
    }

    public void metadata(String key, String value) {
        metadata.put(key, value);
    }

    /** A float32 constant tensor. */
    public String constant(String stem, float[] data, long... dims) {
        String n = fresh(stem);
        ByteBuffer raw = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : data) {
            raw.putFloat(v);
        }
        initializers.add(tensor(n, FLOAT, dims, raw.array()));
        return n;
    }

    /** An int64 constant tensor (shapes, axes, split sizes). */
    public String int64s(long... values) {
        String n = fresh("i64");
        ByteBuffer raw = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            raw.putLong(v);
        }
        initializers.add(tensor(n, INT64, new long[] {values.length}, raw.array()));
        return n;
    }

    /**
     * Starts a branch (the body of an {@code If}): nodes go into it until {@link #endBranch}. Its nodes
     * may read any value of the enclosing graph; constants stay the graph's initializers.
     */
    public void beginBranch() {
        enclosing.push(target);
        target = new ArrayList<>();
    }

    /** Ends the branch begun last; its outputs are {@code results} (float tensors), in order. */
    public ProtoWriter endBranch(String stem, List<String> results) {
        ProtoWriter graph = new ProtoWriter();
        List<String> outs = new ArrayList<>();
        for (String r : results) { // through an Identity: a branch output must be computed in the branch
            String out = fresh(stem + "_out");
            node("Identity", List.of(r), List.of(out), Map.of());
            outs.add(out);
        }
        target.forEach(n -> graph.message(1, n));
        graph.string(2, fresh(stem));
        outs.forEach(o -> graph.message(12, valueInfo(o, null)));
        target = enclosing.pop();
        return graph;
    }

    /** {@code If(cond)}: the outputs of {@code thenBranch} where the boolean scalar is true, else of {@code elseBranch}. */
    public List<String> ifOp(String cond, ProtoWriter thenBranch, ProtoWriter elseBranch, int outputs) {
        return ops("If", outputs, Map.of("then_branch", thenBranch, "else_branch", elseBranch), cond);
    }

    /** Adds a node with one output and returns the output's name. */
    public String op(String opType, Map<String, Object> attributes, String... in) {
        String out = fresh(opType.toLowerCase());
        node(opType, List.of(in), List.of(out), attributes);
        return out;
    }

    public String op(String opType, String... in) {
        return op(opType, Map.of(), in);
    }

    /** Adds a node with several outputs. */
    public List<String> ops(String opType, int outputCount, Map<String, Object> attributes, String... in) {
        List<String> outs = new ArrayList<>();
        for (int i = 0; i < outputCount; i++) {
            outs.add(fresh(opType.toLowerCase()));
        }
        node(opType, List.of(in), outs, attributes);
        return outs;
    }

    private void node(String opType, List<String> in, List<String> out, Map<String, Object> attributes) {
        ProtoWriter n = new ProtoWriter();
        in.forEach(i -> n.string(1, i));
        out.forEach(o -> n.string(2, o));
        n.string(3, "n" + nodeCount++ + "_" + opType);
        n.string(4, opType);
        // By name: Map.of iterates in an order salted per JVM, which made two compilations of one model differ.
        new TreeMap<>(attributes).forEach((k, v) -> n.message(5, attribute(k, v)));
        target.add(n);
    }

    private static ProtoWriter attribute(String key, Object value) {
        ProtoWriter a = new ProtoWriter().string(1, key);
        if (value instanceof Float f) {
            a.float32(2, f).int64(20, 1);
        } else if (value instanceof Integer i) {
            a.int64(3, i).int64(20, 2);
        } else if (value instanceof Long l) {
            a.int64(3, l).int64(20, 2);
        } else if (value instanceof ProtoWriter graph) {
            a.message(6, graph).int64(20, 5);
        } else if (value instanceof long[] ls) {
            for (long l : ls) {
                a.int64(8, l);
            }
            a.int64(20, 7);
        } else {
            throw new IllegalArgumentException("Unsupported attribute type for " + key + ": " + value);
        }
        return a;
    }

    private static ProtoWriter tensor(String name, int type, long[] dims, byte[] raw) {
        ProtoWriter t = new ProtoWriter();
        for (long d : dims) {
            t.int64(1, d);
        }
        t.int64(2, type).string(8, name).bytes(9, raw);
        return t;
    }

    /** A float tensor's name and type; {@code dims} null: shape left to inference (a branch output). */
    private static ProtoWriter valueInfo(String name, long[] dims) {
        ProtoWriter tensorType = new ProtoWriter().int64(1, FLOAT);
        if (dims == null) {
            return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensorType));
        }
        ProtoWriter shape = new ProtoWriter();
        for (long d : dims) {
            ProtoWriter dim = new ProtoWriter();
            if (d < 0) {
                dim.string(2, "batch");
            } else {
                dim.int64(1, d);
            }
            shape.message(1, dim);
        }
        tensorType.message(2, shape);
        ProtoWriter type = new ProtoWriter().message(1, tensorType);
        return new ProtoWriter().string(1, name).message(2, type);
    }

    /** The serialized ModelProto. */
    public byte[] toBytes() {
        ProtoWriter graph = new ProtoWriter();
        nodes.forEach(n -> graph.message(1, n));
        graph.string(2, name);
        initializers.forEach(t -> graph.message(5, t));
        inputs.forEach(i -> graph.message(11, i));
        outputs.forEach(o -> graph.message(12, o));
        ProtoWriter model = new ProtoWriter()
                .int64(1, IR_VERSION)
                .string(2, "s4stream")
                .string(3, "0.1.0")
                .message(7, graph)
                .message(8, new ProtoWriter().string(1, "").int64(2, OPSET));
        metadata.forEach((k, v) -> model.message(14, new ProtoWriter().string(1, k).string(2, v)));
        return model.toByteArray();
    }
}
