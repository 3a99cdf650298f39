package io.s4stream.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.s4stream.models.compile.ModelCompiler;
import io.s4stream.models.io.Tensor;
import io.s4stream.models.runtime.RuntimeOptions;
import io.s4stream.models.runtime.S4Runtime;
import io.s4stream.models.runtime.SequenceRunner;
import io.s4stream.models.runtime.Task;
import io.s4stream.models.s4.ModelInit;
import io.s4stream.models.s4.ReferenceModel;
import io.s4stream.models.spec.BlockSpec;
import io.s4stream.models.spec.Discretization;
import io.s4stream.models.spec.LayerSpec;
import io.s4stream.models.spec.ModelSpec;
import io.s4stream.models.spec.SsmInit;
import io.s4stream.models.spec.SsmMode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A log power spectrogram front end inside the streaming graph (pool -> square -> band sum -> log),
 * then a linear and a residual S4D block: the step graph and the chunk graphs equal the float64
 * reference within 1e-4 of the output's scale, as the other streaming forms do.
 */
class SpectrogramLayersTest {
    private static final int FRAME = 32;
    private static final List<Integer> CHUNKS = List.of(16 * FRAME, 64 * FRAME);

    @TempDir
    Path tmp;

    static ModelSpec spec() {
        return ModelSpec.builder().name("spectrogram").task(Task.SEQUENCE).inputChannels(1)
                .layers(List.of(
                        new LayerSpec.Pool("dft", FRAME, 1, 16),
                        new LayerSpec.Square("power", 16),
                        new LayerSpec.Linear("bands", 16, 8),
                        new LayerSpec.Log("log_power", 8, 1e-3),
                        new LayerSpec.Linear("proj", 8, 8),
                        new LayerSpec.Residual("s4", true, true,
                                new BlockSpec(8, 16, SsmMode.DIAG, SsmInit.DIAG_LIN, Discretization.ZOH, 0))))
                .build();
    }

    @Test
    void stepAndChunkGraphsEqualTheReference() {
        ModelSpec spec = spec();
        Map<String, Tensor> weights = ModelInit.weights(spec, 11);
        // band sums of powers, as a real mel/band matrix: non-negative, so ln(x + eps) stays finite
        abs(weights, "bands.weight");
        abs(weights, "bands.bias");
        int length = 203 * FRAME + 7; // not a multiple of any chunk; a partial last frame
        float[] input = new float[length];
        Random r = new Random(3);
        for (int i = 0; i < length; i++) {
            input[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / 16000.0) + 0.1 * r.nextGaussian());
        }
        double[] ref = new ReferenceModel(spec, weights).forward(TestData.toDouble(input), length);
        assertThat(ref).hasSize(203 * 8).doesNotContain(Double.NaN);
        double scale = TestData.maxAbs(ref);
        assertThat(scale).isBetween(1e-3, 1e3);

        Path dir = tmp.resolve("m");
        ModelCompiler.compile(spec, weights, dir, CHUNKS);
        try (S4Runtime rt = S4Runtime.open(dir, RuntimeOptions.builder().chunkSize(0).maxBatch(1).build())) {
            float[] y = SequenceRunner.run(rt, rt.newState(), input, length, false).output();
            double err = TestData.maxAbsDiff(ref, y);
            System.out.printf("spectrogram step graph vs float64: max abs %.2e (scale %.2e)%n", err, scale);
            assertThat(err).as("step graph vs float64").isLessThanOrEqualTo(1e-4 * scale);
        }
        for (int t : CHUNKS) {
            try (S4Runtime rt = S4Runtime.open(dir, RuntimeOptions.builder().chunkSize(t).maxBatch(1).build())) {
                float[] y = SequenceRunner.run(rt, rt.newState(), input, length, true).output();
                double err = TestData.maxAbsDiff(ref, y);
                System.out.printf("spectrogram chunk %d vs float64: max abs %.2e (scale %.2e)%n", t, err, scale);
                assertThat(err).as("chunk %d vs float64", t).isLessThanOrEqualTo(1e-4 * scale);
            }
        }
    }

    /**
     * Constant rows far from zero into a LayerNorm (as log band powers of digital silence are): the
     * graphs must stay finite and equal the reference. ORT's fused CPU LayerNormalization takes the
     * variance as mean(x^2) - mean^2, which cancels to a negative number there, so NaN.
     */
    @Test
    void constantRowsFarFromZeroThroughLayerNormStayFinite() {
        for (float level : new float[] {-18.420681f, 300.1f, -1234.567f}) {
            ModelSpec spec = ModelSpec.builder().name("constant").task(Task.SEQUENCE).inputChannels(1)
                    .layers(List.of(
                            new LayerSpec.Linear("lift", 1, 65),
                            new LayerSpec.LayerNorm("norm", 65),
                            new LayerSpec.Linear("head", 65, 4)))
                    .build();
            Map<String, Tensor> weights = ModelInit.weights(spec, 5);
            float[] bias = new float[65];
            java.util.Arrays.fill(bias, level);
            weights.put("lift.weight", new Tensor("lift.weight", new long[] {65, 1}, new float[65]));
            weights.put("lift.bias", new Tensor("lift.bias", new long[] {65}, bias));
            int length = 64;
            float[] input = new float[length];
            double[] ref = new ReferenceModel(spec, weights).forward(TestData.toDouble(input), length);
            Path dir = tmp.resolve("constant" + level);
            ModelCompiler.compile(spec, weights, dir, List.of(16));
            for (int t : new int[] {0, 16}) {
                try (S4Runtime rt = S4Runtime.open(dir, RuntimeOptions.builder().chunkSize(t).maxBatch(1).build())) {
                    float[] y = SequenceRunner.run(rt, rt.newState(), input, length, t > 0).output();
                    for (float v : y) {
                        assertThat(Float.isFinite(v)).as("finite output (level %s, chunk %d)", level, t).isTrue();
                    }
                    assertThat(TestData.maxAbsDiff(ref, y)).as("level %s, chunk %d vs float64", level, t)
                            .isLessThanOrEqualTo(1e-4 * Math.max(1, TestData.maxAbs(ref)));
                }
            }
        }
    }

    private static void abs(Map<String, Tensor> weights, String name) {
        Tensor t = weights.get(name);
        float[] d = t.data().clone();
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.abs(d[i]);
        }
        weights.put(name, new Tensor(name, t.shape(), d));
    }
}
