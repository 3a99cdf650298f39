package io.s4stream.models.spec;

import io.s4stream.models.runtime.Task;
import java.util.List;

/**
 * A whole model: identity, task, sample rate, input encoding, labels and the layer stack. Built
 * through {@link #builder()}, which checks that every layer's channels chain into the next.
 */
public record ModelSpec(
        String name,
        String version,
        Task task,
        int sampleRate,
        int inputChannels,
        InputEncoding inputEncoding,
        List<String> labels,
        List<LayerSpec> layers) {

    public static final String FORMAT = "s4stream-model/1";

    /** How the first layer reads its input. */
    public enum InputEncoding {
        FLOAT("float"),
        MULAW_INDEX("mulaw-index");

        private final String id;

        InputEncoding(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static InputEncoding of(String id) {
            for (InputEncoding e : values()) {
                if (e.id.equals(id)) {
                    return e;
                }
            }
            throw new IllegalArgumentException("Unknown input_encoding '" + id + "', expected float or mulaw-index");
        }
    }

    public ModelSpec {
        labels = List.copyOf(labels);
        layers = List.copyOf(layers);
    }

    /** Input samples per output step: the product of the pooling factors. */
    public int frame() {
        int f = 1;
        for (LayerSpec l : layers) {
            f *= l.factor();
        }
        return f;
    }

    public int outputChannels() {
        return layers.get(layers.size() - 1).outChannels();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects settings; {@link #build()} validates them with messages that name the layer. */
    public static final class Builder {
        private String name = "model";
        private String version = "0.0.0";
        private Task task = Task.SEQUENCE;
        private int sampleRate = 44100;
        private int inputChannels = -1;
        private InputEncoding inputEncoding = InputEncoding.FLOAT;
        private List<String> labels = List.of();
        private List<LayerSpec> layers = List.of();

        public Builder name(String v) {
            name = v;
            return this;
        }

        public Builder version(String v) {
            version = v;
            return this;
        }

        public Builder task(Task v) {
            task = v;
            return this;
        }

        public Builder sampleRate(int v) {
            sampleRate = v;
            return this;
        }

        public Builder inputChannels(int v) {
            inputChannels = v;
            return this;
        }

        public Builder inputEncoding(InputEncoding v) {
            inputEncoding = v;
            return this;
        }

        public Builder labels(List<String> v) {
            labels = v;
            return this;
        }

        public Builder layers(List<LayerSpec> v) {
            layers = v;
            return this;
        }

        public ModelSpec build() {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("model name is required");
            }
            if (layers.isEmpty()) {
                throw new IllegalArgumentException("model " + name + " has no layers");
            }
            if (sampleRate < 1) {
                throw new IllegalArgumentException("sample_rate must be >= 1, got " + sampleRate);
            }
            int channels = inputChannels < 0 ? layers.get(0).inChannels() : inputChannels;
            for (int i = 0; i < layers.size(); i++) {
                LayerSpec l = layers.get(i);
                if (l.inChannels() != channels) {
                    throw new IllegalArgumentException("layer " + i + " (" + l.getClass().getSimpleName() + " '"
                            + l.name() + "') expects " + l.inChannels() + " channels but receives " + channels);
                }
                if (l.readsIndices() && i != 0) {
                    throw new IllegalArgumentException("an embedding layer must come first, found at layer " + i);
                }
                channels = l.outChannels();
            }
            if (task == Task.CLASSIFICATION && labels.size() != channels) {
                throw new IllegalArgumentException("a classifier needs one label per output channel: "
                        + labels.size() + " labels for " + channels + " outputs");
            }
            if (task == Task.GENERATION && (channels != 256 || inputEncoding != InputEncoding.MULAW_INDEX)) {
                throw new IllegalArgumentException(
                        "a generator must read mulaw-index input and emit 256 logits, got " + inputEncoding.id()
                                + " input and " + channels + " outputs");
            }
            return new ModelSpec(name, version, task, sampleRate, layers.get(0).inChannels(), inputEncoding,
                    labels, layers);
        }
    }
}
