package io.s4stream.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
 * A pooled (SaShiMi) level, nested two deep (inner layers at 1/4 and 1/8 of the rate): the step
 * graph, the chunk graphs and any mix of them, over streams at different phases in one batch, equal
 * the float64 reference, which computes the level by its definition over the whole sequence.
 */
class PooledLayerTest {
    private static final int OUT = 5;

    @TempDir
    Path tmp;

    private static BlockSpec block(int width) {
        return new BlockSpec(width, 8, SsmMode.DIAG, SsmInit.DIAG_LIN, Discretization.ZOH, 0);
    }

    private static ModelSpec model() {
        LayerSpec inner = new LayerSpec.Pooled("mid.deep", 2, 12, 6,
                List.of(new LayerSpec.Residual("mid.deep.blocks.0", true, true, block(6))));
        LayerSpec mid = new LayerSpec.Pooled("mid", 4, 8, 12,
                List.of(new LayerSpec.Residual("mid.blocks.0", true, true, block(12)), inner,
                        new LayerSpec.Residual("mid.blocks.1", true, true, block(12))));
        return ModelSpec.builder().name("pooled").task(Task.SEQUENCE).inputChannels(1).layers(List.of(
                new LayerSpec.Linear("proj", 1, 8),
                new LayerSpec.Residual("blocks.0", true, true, block(8)),
                mid,
                new LayerSpec.Residual("blocks.1", true, true, block(8)),
                new LayerSpec.Linear("head", 8, OUT))).build();
    }

    private static float[] input(int length, long seed) {
        float[] input = new float[length];
        Random r = new Random(seed);
        for (int i = 0; i < length; i++) {
            input[i] = (float) (0.7 * Math.sin(2 * Math.PI * 440 * i / 16000.0) + 0.3 * r.nextGaussian());
        }
        return input;
    }

    private Path compiled(ModelSpec spec, Map<String, Tensor> weights, List<Integer> chunks) {
        Path dir = tmp.resolve(spec.name());
        ModelCompiler.compile(spec, weights, dir, chunks);
        return dir;
    }

    @Test
    void stepAndChunkGraphsEqualTheReference() {
        ModelSpec spec = model();
        assertThat(ModelSpecJson.write(spec)).contains("\"type\" : \"pooled\"", "\"d_inner\" : 6");
        Map<String, Tensor> weights = ModelInit.weights(spec, 11);
        float[] input = input(203, 1); // 50 blocks of 4 and 3 samples of a 51st
        double[] ref = new ReferenceModel(spec, weights).forward(TestData.toDouble(input), input.length);
        double scale = TestData.maxAbs(ref);
        assertThat(scale).isBetween(1e-2, 1e3);
        // chunk 4: one step of the outer level's inner layers, so the nested level steps (its step form)
        Path dir = compiled(spec, weights, List.of(4, 8, 32));
        for (int chunk : new int[] {0, 4, 8, 32}) {
            try (S4Runtime rt = S4Runtime.open(dir, RuntimeOptions.builder().chunkSize(chunk).maxBatch(1).build())) {
                float[] y = SequenceRunner.run(rt, rt.newState(), input, input.length, chunk > 0).output();
                double err = TestData.maxAbsDiff(ref, y);
                System.out.printf("pooled %s vs float64: max abs %.2e (scale %.2e)%n",
                        chunk == 0 ? "step graph" : "chunk " + chunk, err, scale);
                assertThat(err).as("chunk %d vs float64", chunk).isLessThanOrEqualTo(1e-4 * scale);
            }
        }
    }

    /** The pooled path is not a no-op: without the level the outputs differ (else the test above proves little). */
    @Test
    void theLevelChangesTheOutput() {
        ModelSpec spec = model();
        Map<String, Tensor> weights = ModelInit.weights(spec, 11);
        float[] input = input(64, 1);
        double[] with = new ReferenceModel(spec, weights).forward(TestData.toDouble(input), 64);
        ModelSpec without = ModelSpec.builder().name("flat").task(Task.SEQUENCE).inputChannels(1)
                .layers(List.of(spec.layers().get(0), spec.layers().get(1), spec.layers().get(3),
                        spec.layers().get(4))).build();
        double[] flat = new ReferenceModel(without, weights).forward(TestData.toDouble(input), 64);
        // the first block (4 steps) gets nothing from the level, later steps do
        for (int i = 0; i < 4 * OUT; i++) {
            assertThat(with[i]).isEqualTo(flat[i]);
        }
        double later = 0;
        for (int i = 4 * OUT; i < with.length; i++) {
            later = Math.max(later, Math.abs(with[i] - flat[i]));
        }
        assertThat(later).isGreaterThan(1e-3 * TestData.maxAbs(flat));
    }

    /**
     * Two streams in one batch, one 3 samples and one 6 samples in (phases 3 and 2 of the outer
     * level, 0 and 1 of the inner one), then chunks and steps together: each equals its own reference.
     */
    @Test
    void streamsAtDifferentPhasesBatchTogether() {
        ModelSpec spec = model();
        Map<String, Tensor> weights = ModelInit.weights(spec, 5);
        ReferenceModel reference = new ReferenceModel(spec, weights);
        int[] lead = {3, 6};
        int chunk = 16;
        int chunks = 3;
        int tail = 9;
        float[][] inputs = new float[2][];
        for (int s = 0; s < 2; s++) {
            inputs[s] = input(lead[s] + chunks * chunk + tail, 20 + s);
        }
        Path dir = compiled(spec, weights, List.of(chunk));
        float[][] outputs = new float[2][];
        try (S4Runtime rt = S4Runtime.open(dir, RuntimeOptions.builder().chunkSize(chunk).maxBatch(2).build())) {
            float[][] states = {rt.newState(), rt.newState()};
            float[] y1 = new float[2 * OUT];
            for (int s = 0; s < 2; s++) {
                outputs[s] = new float[inputs[s].length * OUT];
                for (int i = 0; i < lead[s]; i++) { // this stream alone, step by step
                    rt.advanceStep(new float[][] {states[s]}, 1, new float[] {inputs[s][i]}, y1);
                    System.arraycopy(y1, 0, outputs[s], i * OUT, OUT);
                }
            }
            float[] in = new float[2 * chunk];
            float[] y = new float[2 * chunk * OUT];
            for (int c = 0; c < chunks; c++) {
                for (int s = 0; s < 2; s++) {
                    System.arraycopy(inputs[s], lead[s] + c * chunk, in, s * chunk, chunk);
                }
                rt.advanceChunk(states, 2, in, y);
                for (int s = 0; s < 2; s++) {
                    System.arraycopy(y, s * chunk * OUT, outputs[s], (lead[s] + c * chunk) * OUT, chunk * OUT);
                }
            }
            for (int i = 0; i < tail; i++) {
                for (int s = 0; s < 2; s++) {
                    in[s] = inputs[s][lead[s] + chunks * chunk + i];
                }
                rt.advanceStep(states, 2, in, y);
                for (int s = 0; s < 2; s++) {
                    System.arraycopy(y, s * OUT, outputs[s], (lead[s] + chunks * chunk + i) * OUT, OUT);
                }
            }
        }
        for (int s = 0; s < 2; s++) {
            double[] ref = reference.forward(TestData.toDouble(inputs[s]), inputs[s].length);
            double err = TestData.maxAbsDiff(ref, outputs[s]);
            System.out.printf("pooled, stream %d (%d steps, then chunks, then steps in a batch of 2): max abs %.2e%n",
                    s, lead[s], err);
            assertThat(err).as("stream %d", s).isLessThanOrEqualTo(1e-4 * TestData.maxAbs(ref));
        }
    }

    @Test
    void aChunkMustGiveEachLevelWholeBlocks() {
        ModelSpec spec = model();
        Map<String, Tensor> weights = ModelInit.weights(spec, 3);
        assertThatThrownBy(() -> compiled(spec, weights, List.of(6)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pooled level 'mid' would take 6 steps per call")
                .hasMessageContaining("a multiple of its factor 4");
        assertThatThrownBy(() -> compiled(spec, weights, List.of(12)))
                .hasMessageContaining("pooled level 'mid.deep' would take 3 steps per call")
                .hasMessageContaining("a multiple of its factor 2");
    }

    @Test
    void innerLayersMustKeepTheLevelsWidthAndRate() {
        assertThatThrownBy(() -> new LayerSpec.Pooled("p", 1, 8, 8, List.of(new LayerSpec.Gelu("g", 8))))
                .hasMessageContaining("factor must be at least 2, got 1");
        assertThatThrownBy(() -> new LayerSpec.Pooled("p", 4, 8, 12, List.of(new LayerSpec.Linear("l", 12, 6))))
                .hasMessageContaining("the inner layers end with 6 channels, the up-projection reads d_inner = 12");
        assertThatThrownBy(() -> new LayerSpec.Pooled("p", 4, 8, 12, List.of(new LayerSpec.Pool("q", 2, 12, 12))))
                .hasMessageContaining("layer 'q' (Pool) cannot be an inner layer");
    }
}
