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
    void nestedPooledLevelsRoundTrip() throws Exception {
        BlockSpec block = new BlockSpec(8, 4, SsmMode.DIAG, SsmInit.DIAG_LIN, Discretization.ZOH, 0);
        LayerSpec deep = new LayerSpec.Pooled("mid.deep", 2, 8, 8, List.of(new LayerSpec.Residual("mid.deep.b", true,
                true, block)));
        ModelSpec spec = ModelSpec.builder().name("m").task(Task.SEQUENCE).sampleRate(16000).inputChannels(16)
                .layers(List.of(new LayerSpec.Pooled("mid", 4, 16, 8, List.of(deep, new LayerSpec.Gelu("mid.act", 8)))))
                .build();
        String json = ModelSpecJson.write(spec);
        assertThat(json).contains("\"type\" : \"pooled\"", "\"d_inner\" : 8", "\"name\" : \"mid.deep.b\"");
        assertThat(parse(json)).isEqualTo(spec);
        assertThat(LayerSpec.leaves(spec.layers())).extracting(LayerSpec::name)
                .containsExactly("mid", "mid.deep", "mid.deep.b", "mid.act");
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

    @Test
    void ensembleRoundTripsWithItsBranches() throws Exception {
        BlockSpec block = new BlockSpec(4, 8, SsmMode.DIAG, SsmInit.DIAG_LIN, Discretization.ZOH, 0);
        ModelSpec spec = ModelSpec.builder().name("m").task(Task.CLASSIFICATION).sampleRate(16000)
                .labels(List.of("a", "b", "c"))
                .layers(List.of(
                        new LayerSpec.Pool("dft", 32, 1, 16),
                        new LayerSpec.Ensemble("trunks", List.of(
                                List.of(new LayerSpec.Linear("trunks.0.proj", 16, 4),
                                        new LayerSpec.Residual("trunks.0.s4", true, true, block),
                                        new LayerSpec.Linear("trunks.0.head", 4, 3)),
                                List.of(new LayerSpec.Linear("trunks.1.head", 16, 3))))))
                .build();
        String json = ModelSpecJson.write(spec);
        assertThat(json).contains("\"type\" : \"ensemble\"", "\"branches\"", "\"name\" : \"trunks.1.head\"");
        assertThat(parse(json)).isEqualTo(spec);
        assertThat(LayerSpec.leaves(spec.layers())).extracting(LayerSpec::name)
                .containsExactly("dft", "trunks.0.proj", "trunks.0.s4", "trunks.0.head", "trunks.1.head");
    }

    @Test
    void ensembleBranchesMustBeLayerLists() {
        assertThatThrownBy(() -> parse(withLayers("{\"type\": \"ensemble\", \"name\": \"e\", \"branches\": 3}")))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContainingAll("model.json", "ensemble 'e': branches must be a list of layer lists");
        assertThatThrownBy(() -> parse(withLayers("""
                {"type": "ensemble", "name": "e", "branches": [[{"type": "gelu", "name": "g"}]]}""")))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("ensemble 'e' needs at least 2 branches, got 1");
    }
}
