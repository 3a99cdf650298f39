package io.s4stream.models.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s4stream.models.io.AtomicFiles;
import io.s4stream.models.io.ModelFileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a compiled model directory holds, as {@code manifest.json}: identity, task, rate, labels,
 * channels, frame (input samples per output step), the state layout and the graph files on disk.
 */
public record ModelManifest(
        String name,
        String version,
        Task task,
        int sampleRate,
        List<String> labels,
        int inputChannels,
        int outputChannels,
        int frame,
        List<StateSpec> states,
        String inputEncoding,
        List<Integer> chunkSizes) {

    public static final String FILE = "manifest.json";
    public static final String FORMAT = "s4stream-compiled/1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public ModelManifest {
        labels = List.copyOf(labels);
        states = List.copyOf(states);
        chunkSizes = List.copyOf(chunkSizes);
    }

    /** Floats of recurrent state per stream, all layers, in {@link #states()} order. */
    public int stateSize() {
        int n = 0;
        for (StateSpec s : states) {
            n += s.length();
        }
        return n;
    }

    public static ModelManifest read(Path modelDir) {
        Path file = modelDir.resolve(FILE);
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new ModelFileException("Cannot read model manifest " + file + ": " + e.getMessage(), e);
        }
        if (!FORMAT.equals(root.path("format").asText())) {
            throw new ModelFileException(file + ": format is '" + root.path("format").asText() + "', expected " + FORMAT);
        }
        List<String> labels = new ArrayList<>();
        root.path("labels").forEach(n -> labels.add(n.asText()));
        List<StateSpec> states = new ArrayList<>();
        root.path("states").forEach(n -> states.add(
                new StateSpec(n.path("name").asText(), n.path("channels").asInt(), n.path("size").asInt())));
        List<Integer> chunks = new ArrayList<>();
        root.path("chunk_sizes").forEach(n -> chunks.add(n.asInt()));
        return new ModelManifest(
                root.path("name").asText(),
                root.path("version").asText(),
                Task.valueOf(root.path("task").asText().toUpperCase(Locale.ROOT)),
                root.path("sample_rate").asInt(),
                labels,
                root.path("input_channels").asInt(),
                root.path("output_channels").asInt(),
                root.path("frame").asInt(1),
                states,
                root.path("input_encoding").asText("float"),
                chunks);
    }

    public void write(Path modelDir) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("name", name);
        root.put("version", version);
        root.put("task", task.name().toLowerCase(Locale.ROOT));
        root.put("sample_rate", sampleRate);
        ArrayNode l = root.putArray("labels");
        labels.forEach(l::add);
        root.put("input_channels", inputChannels);
        root.put("output_channels", outputChannels);
        root.put("frame", frame);
        root.put("input_encoding", inputEncoding);
        ArrayNode s = root.putArray("states");
        for (StateSpec st : states) {
            s.addObject().put("name", st.name()).put("channels", st.channels()).put("size", st.size());
        }
        ArrayNode c = root.putArray("chunk_sizes");
        chunkSizes.forEach(c::add);
        root.put("step_graph", "step.onnx");
        root.put("chunk_graph_pattern", "chunk-{T}.onnx");
        root.put("inputs", "u [B, T, input_channels], state<i> [channels_i, B, size_i] (channel-major)");
        root.put("outputs", "y [B, T/frame, output_channels], state<i>_out");
        try {
            AtomicFiles.write(modelDir.resolve(FILE), JSON.writeValueAsString(root).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ModelFileException("Cannot write manifest: " + e.getMessage(), e);
        }
    }
}
