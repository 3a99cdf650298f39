package io.s4stream.models.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s4stream.models.io.ModelFileException;
import io.s4stream.models.runtime.Task;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads and writes {@code model.json} ({@link ModelSpec#FORMAT}) and reads the settings JSON of a
 * single official {@code S4Block}.
 */
public final class ModelSpecJson {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String PITCH_LAG = "pitch-lag-embedding";

    private ModelSpecJson() {}

    public static ModelSpec read(Path file) {
        return parse(readTree(file), file.toString());
    }

    public static ModelSpec parse(JsonNode root, String source) {
        String format = root.path("format").asText("");
        if (!format.equals(ModelSpec.FORMAT)) {
            throw new ModelFileException(source + ": format is '" + format + "', expected " + ModelSpec.FORMAT);
        }
        try {
            List<LayerSpec> layers = layerList(root.path("layers"), root.path("input_channels").asInt(1));
            List<String> labels = new ArrayList<>();
            root.path("labels").forEach(n -> labels.add(n.asText()));
            return ModelSpec.builder()
                    .name(required(root, "name").asText())
                    .version(root.path("version").asText("0.0.0"))
                    .task(Task.valueOf(required(root, "task").asText().toUpperCase(Locale.ROOT)))
                    .sampleRate(required(root, "sample_rate").asInt())
                    .inputChannels(root.path("input_channels").asInt(-1))
                    .inputEncoding(ModelSpec.InputEncoding.of(root.path("input_encoding").asText("float")))
                    .labels(labels)
                    .layers(layers)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(source + ": " + e.getMessage(), e);
        }
    }

    /** The settings JSON of one official S4Block (the fixtures' layout) as a one-layer model. */
    public static ModelSpec officialBlock(Path settings, String name) {
        JsonNode root = readTree(settings);
        try {
            BlockSpec block = block(root);
            if (root.path("transposed").asBoolean(false)) {
                throw new IllegalArgumentException("transposed=true is not supported: export with transposed=false");
            }
            requireValue(root, "dt_transform", "exp");
            requireValue(root, "real_transform", "exp");
            requireValue(root, "imag_transform", "none");
            requireValue(root, "activation", "gelu");
            requireValue(root, "final_act", "glu");
            return ModelSpec.builder()
                    .name(name)
                    .version("1.0.0")
                    .task(Task.SEQUENCE)
                    .sampleRate(root.path("sample_rate").asInt(44100))
                    .layers(List.of(new LayerSpec.S4Block("", block)))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(settings + ": " + e.getMessage(), e);
        }
    }

    private static void requireValue(JsonNode root, String key, String expected) {
        if (root.has(key) && !root.get(key).asText().equals(expected)) {
            throw new IllegalArgumentException(key + " is '" + root.get(key).asText() + "', only '" + expected
                    + "' is supported");
        }
    }

    static BlockSpec block(JsonNode b) {
        SsmMode mode = SsmMode.of(required(b, "mode").asText());
        int lKernel = b.path("l_kernel").asInt(b.path("l_max").asInt(0));
        return new BlockSpec(
                required(b, "d_model").asInt(),
                required(b, "d_state").asInt(),
                mode,
                SsmInit.of(b.path("init").asText(mode == SsmMode.NPLR ? "legs" : "diag-lin")),
                Discretization.of(b.path("disc").asText(mode == SsmMode.NPLR ? "bilinear" : "zoh")),
                mode == SsmMode.NPLR ? lKernel : 0);
    }

    private static LayerSpec layer(JsonNode l, int channels) {
        String type = required(l, "type").asText();
        String name = l.path("name").asText("");
        return switch (type) {
            case "s4block" -> new LayerSpec.S4Block(name, block(required(l, "block")));
            case "residual" -> new LayerSpec.Residual(name, norm(l), l.path("prenorm").asBoolean(true),
                    block(required(l, "block")));
            case "pool" -> new LayerSpec.Pool(name, required(l, "factor").asInt(), required(l, "d_in").asInt(),
                    required(l, "d_out").asInt());
            case "linear" -> new LayerSpec.Linear(name, required(l, "d_in").asInt(), required(l, "d_out").asInt());
            case "embedding" -> new LayerSpec.Embedding(name, required(l, "num").asInt(), required(l, "dim").asInt());
            case PITCH_LAG -> new LayerSpec.PitchLagEmbedding(name, required(l, "num").asInt(),
                    required(l, "dim").asInt(), required(l, "min_lag").asInt(), required(l, "max_lag").asInt(),
                    required(l, "window").asInt());
            case "layernorm" -> new LayerSpec.LayerNorm(name, required(l, "dim").asInt());
            case "gelu" -> new LayerSpec.Gelu(name, l.path("dim").asInt(channels));
            case "square" -> new LayerSpec.Square(name, l.path("dim").asInt(channels));
            case "log" -> new LayerSpec.Log(name, l.path("dim").asInt(channels), logEps(l, name));
            case "ensemble" -> new LayerSpec.Ensemble(name, branches(required(l, "branches"), channels, name));
            case "pooled" -> pooled(l, name);
            default -> throw new IllegalArgumentException("Unknown layer type '" + type + "', expected one of "
                    + "[s4block, residual, pool, linear, embedding, " + PITCH_LAG
                    + ", layernorm, gelu, square, log, ensemble, pooled]");
        };
    }

    private static LayerSpec.Pooled pooled(JsonNode l, String name) {
        int dInner = required(l, "d_inner").asInt();
        JsonNode list = required(l, "layers");
        if (!list.isArray()) {
            throw new IllegalArgumentException("pooled level '" + name + "': layers must be a list of layers");
        }
        return new LayerSpec.Pooled(name, required(l, "factor").asInt(), required(l, "d_model").asInt(), dInner,
                layerList(list, dInner));
    }

    private static List<List<LayerSpec>> branches(JsonNode list, int channels, String name) {
        if (!list.isArray()) {
            throw new IllegalArgumentException("ensemble '" + name + "': branches must be a list of layer lists");
        }
        List<List<LayerSpec>> branches = new ArrayList<>();
        for (JsonNode b : list) {
            if (!b.isArray()) {
                throw new IllegalArgumentException("ensemble '" + name + "': each branch must be a list of layers");
            }
            branches.add(layerList(b, channels));
        }
        return branches;
    }

    /** A list of layers, the first reading {@code channels}. */
    private static List<LayerSpec> layerList(JsonNode list, int channels) {
        List<LayerSpec> layers = new ArrayList<>();
        int c = channels;
        for (JsonNode l : list) {
            LayerSpec layer = layer(l, c);
            layers.add(layer);
            c = layer.outChannels();
        }
        return layers;
    }

    /** The required eps of a log layer: ln(x + eps) has no safe default scale, so it must be written. */
    private static double logEps(JsonNode l, String name) {
        JsonNode eps = l.get("eps");
        if (eps == null || eps.isNull()) {
            throw new IllegalArgumentException(
                    "log layer '" + name + "': missing required setting 'eps' (y = ln(x + eps), eps > 0)");
        }
        if (!eps.isNumber()) {
            throw new IllegalArgumentException("log layer '" + name + "': eps must be a number, got " + eps);
        }
        return eps.asDouble();
    }

    private static boolean norm(JsonNode l) {
        String norm = l.path("norm").asText("layernorm");
        return switch (norm) {
            case "layernorm" -> true;
            case "none" -> false;
            default -> throw new IllegalArgumentException("Unknown norm '" + norm + "', expected layernorm or none");
        };
    }

    private static JsonNode required(JsonNode node, String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("missing required setting '" + key + "'");
        }
        return v;
    }

    private static JsonNode readTree(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new ModelFileException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public static String write(ModelSpec spec) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", ModelSpec.FORMAT);
        root.put("name", spec.name());
        root.put("version", spec.version());
        root.put("task", spec.task().name().toLowerCase(Locale.ROOT));
        root.put("sample_rate", spec.sampleRate());
        root.put("input_channels", spec.inputChannels());
        root.put("input_encoding", spec.inputEncoding().id());
        ArrayNode labels = root.putArray("labels");
        spec.labels().forEach(labels::add);
        writeLayers(root.putArray("layers"), spec.layers());
        try {
            return JSON.writeValueAsString(root);
        } catch (IOException e) {
            throw new ModelFileException("Cannot write model.json: " + e.getMessage(), e);
        }
    }

    private static void writeLayers(ArrayNode layers, List<LayerSpec> list) {
        for (LayerSpec l : list) {
            ObjectNode n = layers.addObject();
            n.put("name", l.name());
            if (l instanceof LayerSpec.S4Block b) {
                n.put("type", "s4block");
                writeBlock(n.putObject("block"), b.block());
            } else if (l instanceof LayerSpec.Residual r) {
                n.put("type", "residual");
                n.put("norm", r.layerNorm() ? "layernorm" : "none");
                n.put("prenorm", r.prenorm());
                writeBlock(n.putObject("block"), r.block());
            } else if (l instanceof LayerSpec.Pool p) {
                n.put("type", "pool").put("factor", p.poolFactor()).put("d_in", p.inChannels())
                        .put("d_out", p.outChannels());
            } else if (l instanceof LayerSpec.Linear p) {
                n.put("type", "linear").put("d_in", p.inChannels()).put("d_out", p.outChannels());
            } else if (l instanceof LayerSpec.Embedding e) {
                n.put("type", "embedding").put("num", e.num()).put("dim", e.dim());
            } else if (l instanceof LayerSpec.PitchLagEmbedding e) {
                n.put("type", PITCH_LAG).put("num", e.num()).put("dim", e.dim()).put("min_lag", e.minLag())
                        .put("max_lag", e.maxLag()).put("window", e.window());
            } else if (l instanceof LayerSpec.LayerNorm e) {
                n.put("type", "layernorm").put("dim", e.dim());
            } else if (l instanceof LayerSpec.Gelu e) {
                n.put("type", "gelu").put("dim", e.dim());
            } else if (l instanceof LayerSpec.Square e) {
                n.put("type", "square").put("dim", e.dim());
            } else if (l instanceof LayerSpec.Log e) {
                n.put("type", "log").put("dim", e.dim()).put("eps", e.eps());
            } else if (l instanceof LayerSpec.Ensemble e) {
                n.put("type", "ensemble");
                ArrayNode branches = n.putArray("branches");
                e.branches().forEach(b -> writeLayers(branches.addArray(), b));
            } else if (l instanceof LayerSpec.Pooled p) {
                n.put("type", "pooled").put("factor", p.poolFactor()).put("d_model", p.dModel())
                        .put("d_inner", p.dInner());
                writeLayers(n.putArray("layers"), p.layers());
            }
        }
    }

    private static void writeBlock(ObjectNode n, BlockSpec b) {
        n.put("d_model", b.dModel()).put("d_state", b.dState()).put("mode", b.mode().id())
                .put("init", b.init().id()).put("disc", b.disc().id());
        if (b.lKernel() > 0) {
            n.put("l_kernel", b.lKernel());
        }
    }
}
