package io.s4stream.models.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.s4stream.models.io.ModelFileException;
import io.s4stream.models.runtime.Task;
import java.util.List;
import org.junit.jupiter.api.Test;

/** model.json round trips of the element-wise layers, and the errors a bad log layer gives. */
class ModelSpecJsonTest {
    private static ModelSpec parse(String json) throws Exception {
        return ModelSpecJson.parse(ModelSpecJson.JSON.readTree(json), "model.json");
    }

    private static String withLayers(String layers) {
        return """
                {"format": "s4stream-model/1", "name": "m", "task": "sequence", "sample_rate": 16000,
                 "input_channels": 1, "layers": [
                  {"type": "pool", "name": "dft", "factor": 32, "d_in": 1, "d_out": 16},
                  %s]}""".formatted(layers);
    }

    @Test
    void squareAndLogRoundTrip() throws Exception {
        ModelSpec spec = ModelSpec.builder().name("m").task(Task.CLASSIFICATION).sampleRate(16000)
                .labels(List.of("a", "b", "c", "d"))
                .layers(List.of(
                        new LayerSpec.Pool("dft", 32, 1, 16),
                        new LayerSpec.Square("power", 16),
                        new LayerSpec.Linear("bands", 16, 4),
                        new LayerSpec.Log("log_power", 4, 1e-3),
                        new LayerSpec.Gelu("act", 4)))
                .build();
        String json = ModelSpecJson.write(spec);
        assertThat(json).contains("\"type\" : \"square\"", "\"type\" : \"log\"", "\"eps\" : 0.001");
        assertThat(parse(json)).isEqualTo(spec);
    }

    @Test
    void squareAndLogDimDefaultsToTheIncomingChannels() throws Exception {
        ModelSpec spec = parse(withLayers("""
                {"type": "square", "name": "power"}, {"type": "log", "name": "lp", "eps": 1e-6}"""));
        assertThat(spec.layers().subList(1, 3))
                .containsExactly(new LayerSpec.Square("power", 16), new LayerSpec.Log("lp", 16, 1e-6));
    }

    @Test
    void logWithoutEpsFails() {
        assertThatThrownBy(() -> parse(withLayers("{\"type\": \"log\", \"name\": \"lp\", \"dim\": 16}")))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContainingAll("model.json", "log layer 'lp'", "missing required setting 'eps'");
    }

    @Test
    void logWithNonPositiveEpsFails() {
        for (String eps : List.of("0", "-1e-3")) {
            assertThatThrownBy(() -> parse(withLayers("{\"type\": \"log\", \"name\": \"lp\", \"eps\": " + eps + "}")))
                    .isInstanceOf(ModelFileException.class)
                    .hasMessageContainingAll("model.json", "log layer 'lp'", "eps must be a finite number > 0",
                            "got " + Double.parseDouble(eps));
        }
        assertThatThrownBy(() -> parse(withLayers("{\"type\": \"log\", \"name\": \"lp\", \"eps\": \"tiny\"}")))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContainingAll("log layer 'lp'", "eps must be a number");
        assertThatThrownBy(() -> new LayerSpec.Log("lp", 8, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("eps must be a finite number > 0, got NaN");
    }
}
