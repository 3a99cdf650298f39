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
import io.s4stream.models.spec.SsmInit;
import io.s4stream.models.spec.SsmMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ensemble layer (separately trained trunks over one front end, their outputs averaged): the
 * compiled step and chunk graphs equal the float64 reference, and the ensemble's output is the mean
 * of what each trunk gives when compiled as a model of its own.
 */
class EnsembleLayerTest {
    private static final int FRAME = 16;
    private static final int CHUNK = 32 * FRAME;

    @TempDir
    Path tmp;

    private static List<LayerSpec> front() {
        return List.of(new LayerSpec.Pool("pool", FRAME, 1, 12), new LayerSpec.Gelu("act", 12));
    }

    private static List<LayerSpec> trunk(String name, int width) {
        return List.of(
                new LayerSpec.Linear(name + ".proj", 12, width),
                new LayerSpec.Residual(name + ".s4", true, true,
                        new BlockSpec(width, 16, SsmMode.DIAG, SsmInit.DIAG_LIN, Discretization.ZOH, 0)),
                new LayerSpec.Linear(name + ".head", width, 5));
    }

    private static ModelSpec model(String name, List<LayerSpec> layers) {
        return ModelSpec.builder().name(name).task(Task.SEQUENCE).inputChannels(1).layers(layers).build();
    }

    private static ModelSpec ensemble() {
        List<LayerSpec> layers = new ArrayList<>(front());
        layers.add(new LayerSpec.Ensemble("trunks",
                List.of(trunk("trunks.0", 8), trunk("trunks.1", 6), trunk("trunks.2", 8))));
        return model("ensemble", layers);
    }

    private float[] run(Path dir, float[] input, int chunk) {
        try (S4Runtime rt = S4Runtime.open(dir, RuntimeOptions.builder().chunkSize(chunk).maxBatch(1).build())) {
            return SequenceRunner.run(rt, rt.newState(), input, input.length, chunk > 0).output();
        }
    }

    private static float[] input(int length) {
        float[] input = new float[length];
        Random r = new Random(7);
        for (int i = 0; i < length; i++) {
            input[i] = (float) (0.6 * Math.sin(2 * Math.PI * 300 * i / 16000.0) + 0.2 * r.nextGaussian());
        }
        return input;
    }

    @Test
    void stepAndChunkGraphsEqualTheReference() {
        ModelSpec spec = ensemble();
        assertThat(spec.outputChannels()).isEqualTo(5);
        Map<String, Tensor> weights = ModelInit.weights(spec, 21);
        float[] input = input(97 * FRAME + 3);
        double[] ref = new ReferenceModel(spec, weights).forward(TestData.toDouble(input), input.length);
        double scale = TestData.maxAbs(ref);
        assertThat(ref).hasSize(97 * 5);
        assertThat(scale).isBetween(1e-3, 1e3);
        Path dir = tmp.resolve("ensemble");
        ModelCompiler.compile(spec, weights, dir, List.of(CHUNK));
        try (S4Runtime rt = S4Runtime.open(dir, RuntimeOptions.builder().chunkSize(0).maxBatch(1).build())) {
            assertThat(rt.manifest().states()).hasSize(3); // one S4 state per trunk
        }
        for (int chunk : new int[] {0, CHUNK}) {
            double err = TestData.maxAbsDiff(ref, run(dir, input, chunk));
            System.out.printf("ensemble %s vs float64: max abs %.2e (scale %.2e)%n",
                    chunk == 0 ? "step graph" : "chunk " + chunk, err, scale);
            assertThat(err).as("chunk %d vs float64", chunk).isLessThanOrEqualTo(1e-4 * scale);
        }
    }

    @Test
    void outputIsTheMeanOfTheTrunksCompiledAlone() {
        ModelSpec spec = ensemble();
        Map<String, Tensor> weights = ModelInit.weights(spec, 4);
        float[] input = input(61 * FRAME);
        Path dir = tmp.resolve("ensemble");
        ModelCompiler.compile(spec, weights, dir, List.of());
        float[] together = run(dir, input, 0);
        double[] mean = new double[together.length];
        List<List<LayerSpec>> branches = ((LayerSpec.Ensemble) spec.layers().get(2)).branches();
        for (int i = 0; i < branches.size(); i++) {
            List<LayerSpec> layers = new ArrayList<>(front());
            layers.addAll(branches.get(i));
            Path alone = tmp.resolve("trunk" + i);
            ModelCompiler.compile(model("trunk" + i, layers), new HashMap<>(weights), alone, List.of());
            float[] y = run(alone, input, 0);
            for (int k = 0; k < y.length; k++) {
                mean[k] += y[k] / branches.size();
            }
        }
        double err = TestData.maxAbsDiff(mean, together);
        System.out.printf("ensemble vs mean of its trunks alone: max abs %.2e (scale %.2e)%n", err,
                TestData.maxAbs(mean));
        assertThat(TestData.maxAbs(mean)).isGreaterThan(1e-3);
        assertThat(err).isLessThanOrEqualTo(1e-5 * TestData.maxAbs(mean));
    }

    /** A stream state saved under a one-trunk model (e.g. in a checkpoint) is refused by the ensemble, with why. */
    @Test
    void aStateOfAnotherModelIsRefusedWithTheReason() {
        ModelSpec spec = ensemble();
        Map<String, Tensor> weights = ModelInit.weights(spec, 4);
        List<LayerSpec> single = new ArrayList<>(front());
        single.addAll(trunk("trunks.0", 8));
        Path one = tmp.resolve("one");
        Path all = tmp.resolve("all");
        ModelCompiler.compile(model("one", single), new HashMap<>(weights), one, List.of());
        ModelCompiler.compile(spec, weights, all, List.of());
        RuntimeOptions options = RuntimeOptions.builder().chunkSize(0).maxBatch(1).build();
        try (S4Runtime small = S4Runtime.open(one, options); S4Runtime big = S4Runtime.open(all, options)) {
            float[][] states = {small.newState()};
            assertThatThrownBy(() -> big.advanceStep(states, 1, new float[FRAME], new float[5]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContainingAll("stream state 0 holds " + states[0].length + " floats",
                            "model ensemble 0.0.0 needs " + big.newState().length, "restore it with the model");
        }
    }

    @Test
    void branchesMustKeepTheRateAndAgreeInWidth() {
        assertThatThrownBy(() -> new LayerSpec.Ensemble("e", List.of(trunk("a", 8))))
                .hasMessageContaining("ensemble 'e' needs at least 2 branches, got 1");
        assertThatThrownBy(() -> new LayerSpec.Ensemble("e",
                List.of(trunk("a", 8), List.of(new LayerSpec.Pool("p", 2, 12, 5)))))
                .hasMessageContainingAll("branch 1", "layer 'p'", "branches keep the rate");
        assertThatThrownBy(() -> new LayerSpec.Ensemble("e",
                List.of(trunk("a", 8), List.of(new LayerSpec.Linear("l", 12, 4)))))
                .hasMessageContaining("ensemble 'e' branch 1 maps 12 -> 4 channels, branch 0 maps 12 -> 5");
        assertThatThrownBy(() -> new LayerSpec.Ensemble("e",
                List.of(trunk("a", 8), List.of(new LayerSpec.Linear("l", 12, 7), new LayerSpec.Gelu("g", 6)))))
                .hasMessageContaining("layer 'g' expects 6 channels but receives 7");
    }
}
