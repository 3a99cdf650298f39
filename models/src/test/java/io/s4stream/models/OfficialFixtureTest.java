package io.s4stream.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.s4stream.models.compile.ModelCompiler;
import io.s4stream.models.io.Safetensors;
import io.s4stream.models.io.Tensor;
import io.s4stream.models.runtime.ModelManifest;
import io.s4stream.models.runtime.RuntimeOptions;
import io.s4stream.models.runtime.S4Runtime;
import io.s4stream.models.runtime.SequenceRunner;
import io.s4stream.models.s4.ReferenceModel;
import io.s4stream.models.spec.ModelSpecJson;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official S4 fixtures (state-spaces/s4 S4Block, three modes): the float64 reference and every
 * streaming form (per-sample step graph, chunk graphs of 64, 256 and 1024 samples) reproduce the
 * official float64 convolution output.
 */
class OfficialFixtureTest {
    private static final List<Integer> CHUNKS = List.of(64, 256, 1024);

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"s4d_lin_zoh", "s4d_inv_bilinear", "s4_legs_nplr_bilinear"})
    void streamingGraphsReproduceOfficialOutput(String name) throws Exception {
        Path settings = TestData.fixture(name + ".json");
        Path weights = TestData.fixture(name + ".safetensors");
        Map<String, Tensor> tensors = Safetensors.read(weights);
        Tensor input = tensors.get("input");
        Tensor expected = tensors.get("output_f64");
        int length = input.dim(0);
        double disagreement = new ObjectMapper().readTree(settings.toFile())
                .path("official_f32_step_vs_f64_max_abs").asDouble();
        double tolerance = Math.max(1e-4 * TestData.maxAbs(expected.data()), 2 * disagreement);

        ReferenceModel reference = new ReferenceModel(ModelSpecJson.officialBlock(settings, name), tensors);
        double[] ref = reference.forward(TestData.toDouble(input.data()), length);
        // The official nplr kernel keeps complex64 buffers under .double() (Module.double() casts only
        // real floating tensors), so its "float64" output carries float32-level error: ~2e-6 relative.
        double refError = TestData.maxAbsDiff(ref, expected.data()) / TestData.maxAbs(expected.data());
        System.out.printf("%s: float64 reference vs official f64: %.2e relative%n", name, refError);
        assertThat(refError).as("float64 reference vs official float64").isLessThanOrEqualTo(1e-5);

        Path dir = tmp.resolve(name);
        ModelManifest manifest = ModelCompiler.importOfficial(settings, weights, dir, CHUNKS);
        assertThat(manifest.states()).hasSize(1);
        assertThat(manifest.stateSize()).isEqualTo(input.dim(1) * 16);

        try (S4Runtime rt = S4Runtime.open(dir, RuntimeOptions.builder().chunkSize(0).maxBatch(1).build())) {
            SequenceRunner.Result r = SequenceRunner.run(rt, rt.newState(), input.data(), length, false);
            double err = TestData.maxAbsDiff(r.output(), expected.data());
            System.out.printf("%s: step graph max abs error %.2e (tolerance %.2e)%n", name, err, tolerance);
            assertThat(err).as("per-sample step graph").isLessThanOrEqualTo(tolerance);
        }
        for (int t : CHUNKS) {
            // L - 5 is not a multiple of T: the tail runs through the step graph.
            int len = length - 5;
            try (S4Runtime rt = S4Runtime.open(dir, RuntimeOptions.builder().chunkSize(t).maxBatch(1).build())) {
                SequenceRunner.Result r = SequenceRunner.run(rt, rt.newState(), input.data(), len, true);
                float[] exp = java.util.Arrays.copyOf(expected.data(), len * input.dim(1));
                double err = TestData.maxAbsDiff(r.output(), exp);
                System.out.printf("%s: chunk %d max abs error %.2e%n", name, t, err);
                assertThat(err).as("chunk %d", t).isLessThanOrEqualTo(tolerance);
            }
        }
    }
}
