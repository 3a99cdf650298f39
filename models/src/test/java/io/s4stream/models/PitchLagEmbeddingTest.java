package io.s4stream.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.s4stream.models.compile.ModelCompiler;
import io.s4stream.models.io.Tensor;
import io.s4stream.models.runtime.RuntimeOptions;
import io.s4stream.models.runtime.S4Runtime;
import io.s4stream.models.runtime.SequenceRunner;
import io.s4stream.models.runtime.Task;
import io.s4stream.models.s4.ModelInit;
import io.s4stream.models.s4.PitchLag;
import io.s4stream.models.s4.ReferenceModel;
import io.s4stream.models.spec.BlockSpec;
import io.s4stream.models.spec.Discretization;
import io.s4stream.models.spec.LayerSpec;
import io.s4stream.models.spec.ModelSpec;
import io.s4stream.models.spec.ModelSpecJson;
import io.s4stream.models.spec.SsmInit;
import io.s4stream.models.spec.SsmMode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pitch-lag embedding (inputs one estimated pitch period back): it finds a tone's period, and
 * its step graph (ring, windowed difference function, CumSum, ArgMin, GatherElements) and unrolled
 * chunk graphs equal the float64 reference, whose lag search is the float32 recurrence in
 * {@link PitchLag}.
 */
class PitchLagEmbeddingTest {
    private static final int OUT = 5;
    private static final LayerSpec.PitchLagEmbedding EMBED =
            new LayerSpec.PitchLagEmbedding("embed", 256, 8, 8, 120, 128);

    @TempDir
    Path tmp;

    private static ModelSpec model() {
        BlockSpec block = new BlockSpec(8, 8, SsmMode.DIAG, SsmInit.DIAG_LIN, Discretization.ZOH, 0);
        return ModelSpec.builder().name("pitch-lag").task(Task.SEQUENCE).inputChannels(1).layers(List.of(
                EMBED,
                new LayerSpec.Residual("blocks.0", true, true, block),
                new LayerSpec.Linear("head", 8, OUT))).build();
    }

    /** Mu-law-like levels of a tone with an 80-sample period, plus noise from {@code noise} on. */
    private static int[] levels(int length, long seed, int noiseFrom) {
        Random r = new Random(seed);
        int[] idx = new int[length];
        for (int i = 0; i < length; i++) {
            double x = 0.6 * Math.sin(2 * Math.PI * i / 80.0) + 0.25 * Math.sin(2 * Math.PI * 3 * i / 80.0 + 1)
                    + (i >= noiseFrom ? 0.2 * r.nextGaussian() : 0);
            idx[i] = (int) Math.max(0, Math.min(255, Math.round(127.5 + 127.5 * Math.tanh(x))));
        }
        return idx;
    }

    @Test
    void theLagIsTheTonesPeriod() {
        int[] idx = levels(1200, 1, Integer.MAX_VALUE);
        float[] table = PitchLag.companded(256);
        PitchLag lag = new PitchLag(EMBED);
        float[] f = new float[PitchLag.FEATURES];
        int onPeriod = 0;
        for (int t = 0; t + 1 < idx.length; t++) {
            lag.step(idx[t], f, 0);
            if (t >= 400) {
                // one period back from the next sample is the next sample, exactly, for this tone
                onPeriod += f[1] == table[idx[t + 1]] && f[2] == table[idx[t]] ? 1 : 0;
                assertThat(f[3]).as("normalised difference at the period, step %d", t).isLessThan(0.05f);
            }
        }
        assertThat(onPeriod).isEqualTo(idx.length - 1 - 400);
    }

    /** The step graph and chunk graphs (unrolled, and mixed with steps) equal the float64 reference. */
    @Test
    void stepAndChunkGraphsEqualTheReference() throws java.io.IOException {
        ModelSpec spec = model();
        Path json = tmp.resolve("model.json");
        java.nio.file.Files.writeString(json, ModelSpecJson.write(spec));
        assertThat(ModelSpecJson.read(json)).isEqualTo(spec);
        Map<String, Tensor> weights = ModelInit.weights(spec, 3);
        int[] idx = levels(701, 2, 300); // 701: the chunk runs end with single steps
        float[] input = new float[idx.length];
        for (int i = 0; i < idx.length; i++) {
            input[i] = idx[i];
        }
        double[] ref = new ReferenceModel(spec, weights).forward(TestData.toDouble(input), input.length);
        double scale = TestData.maxAbs(ref);
        Path dir = tmp.resolve("pitch-lag");
        ModelCompiler.compile(spec, weights, dir, List.of(1, 16));
        for (int chunk : new int[] {0, 1, 16}) {
            try (S4Runtime rt = S4Runtime.open(dir, RuntimeOptions.builder().chunkSize(chunk).maxBatch(1).build())) {
                float[] y = SequenceRunner.run(rt, rt.newState(), input, input.length, chunk > 0).output();
                double err = TestData.maxAbsDiff(ref, y);
                System.out.printf("pitch-lag %s vs float64: max abs %.2e (scale %.2e)%n",
                        chunk == 0 ? "step graph" : "chunk " + chunk, err, scale);
                assertThat(err).as("chunk %d vs float64", chunk).isLessThanOrEqualTo(1e-4 * scale);
            }
        }
        // the taps matter: without them the reference moves by far more than the graphs' error
        Map<String, Tensor> untapped = new java.util.HashMap<>(weights);
        untapped.put("embed.taps.weight", new Tensor("embed.taps.weight", new long[] {8, PitchLag.FEATURES},
                new float[8 * PitchLag.FEATURES]));
        double[] plain = new ReferenceModel(spec, untapped).forward(TestData.toDouble(input), input.length);
        assertThat(TestData.maxAbsDiff(plain, ref)).isGreaterThan(1e-2 * scale);
    }
}
