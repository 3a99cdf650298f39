package io.s4stream.models.s4;

import static org.assertj.core.api.Assertions.assertThat;

import io.s4stream.models.TestData;
import io.s4stream.models.compile.ModelCompiler;
import io.s4stream.models.io.Tensor;
import io.s4stream.models.runtime.RuntimeOptions;
import io.s4stream.models.runtime.S4Runtime;
import io.s4stream.models.runtime.SequenceRunner;
import io.s4stream.models.runtime.Task;
import io.s4stream.models.spec.BlockSpec;
import io.s4stream.models.spec.Discretization;
import io.s4stream.models.spec.LayerSpec;
import io.s4stream.models.spec.ModelSpec;
import io.s4stream.models.spec.SsmInit;
import io.s4stream.models.spec.SsmMode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random-parameter properties of one S4 layer over sizes, modes and discretizations:
 * the float64 recurrence equals the float64 convolution (kernel from the complex terms), and every
 * ONNX form (per-sample, chunked) equals the recurrence in outputs and final state.
 */
class S4PropertyTest {
    @TempDir
    Path tmp;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(4, 8, 700, SsmMode.DIAG, SsmInit.DIAG_LIN, Discretization.ZOH, 1L),
                Arguments.of(6, 16, 1500, SsmMode.DIAG, SsmInit.DIAG_INV, Discretization.BILINEAR, 2L),
                Arguments.of(3, 32, 1100, SsmMode.DIAG, SsmInit.RANDOM, Discretization.ZOH, 3L),
                Arguments.of(5, 8, 900, SsmMode.NPLR, SsmInit.LEGS, Discretization.BILINEAR, 4L),
                Arguments.of(2, 32, 1300, SsmMode.NPLR, SsmInit.LEGS, Discretization.BILINEAR, 5L),
                Arguments.of(64, 64, 20000, SsmMode.DIAG, SsmInit.DIAG_LIN, Discretization.ZOH, 6L),
                Arguments.of(16, 64, 12000, SsmMode.NPLR, SsmInit.LEGS, Discretization.BILINEAR, 7L));
    }

    @ParameterizedTest(name = "H={0} N={1} L={2} {3} {4} {5}")
    @MethodSource("cases")
    void streamingFormsEqualTheRecurrence(int h, int n, int length, SsmMode mode, SsmInit init, Discretization disc,
            long seed) {
        BlockSpec block = new BlockSpec(h, n, mode, init, disc, mode == SsmMode.NPLR ? length : 0);
        Map<String, Tensor> weights = new LinkedHashMap<>();
        S4Init.block("", block, seed, 0.001, 0.1).forEach(t -> weights.put(t.name(), t));
        SsmParams params = SsmParams.fromWeights(weights, "", block);
        DiscreteSsm ssm = DiscreteSsm.of(params);
        double[] u = new double[length * h];
        Random r = new Random(seed);
        for (int i = 0; i < u.length; i++) {
            u[i] = r.nextGaussian();
        }

        double[] rec = ReferenceModel.recurrence(ssm, u, length);
        int convLength = Math.min(length, 2000);
        double[] conv = SsmKernel.convolve(params, java.util.Arrays.copyOf(u, convLength * h), convLength);
        assertThat(TestData.maxAbsDiff(java.util.Arrays.copyOf(rec, convLength * h), conv))
                .as("recurrence vs convolution (float64)")
                .isLessThanOrEqualTo(1e-9 * TestData.maxAbs(conv));

        ModelSpec spec = ModelSpec.builder().name("prop").task(Task.SEQUENCE)
                .layers(List.of(new LayerSpec.S4Block("", block))).build();
        Path dir = tmp.resolve("m");
        ModelCompiler.compile(spec, weights, dir, List.of());
        float[] input = new float[u.length];
        for (int i = 0; i < u.length; i++) {
            input[i] = (float) u[i];
        }
        double[] expected = new ReferenceModel(spec, weights).forward(TestData.toDouble(input), length);
        double[] finalState = finalState(ssm, input, length);
        double scale = TestData.maxAbs(expected);
        float[] stepState;
        try (S4Runtime rt = S4Runtime.open(dir, RuntimeOptions.builder().chunkSize(0).maxBatch(1).build())) {
            stepState = rt.newState();
            float[] y = SequenceRunner.run(rt, stepState, input, length, false).output();
            assertThat(TestData.maxAbsDiff(expected, y)).as("step graph vs float64").isLessThanOrEqualTo(1e-4 * scale);
            assertThat(TestData.maxAbsDiff(finalState, stepState)).as("step final state")
                    .isLessThanOrEqualTo(1e-4 * TestData.maxAbs(finalState));
        }
        // T = 1 is a chunk of one frame: the matrix form of a single step, against the elementwise step graph
        for (int t : new int[] {1, 64, 256}) {
            try (S4Runtime rt = S4Runtime.open(dir, RuntimeOptions.builder().chunkSize(t).maxBatch(1).build())) {
                float[] state = rt.newState();
                float[] y = SequenceRunner.run(rt, state, input, length, true).output();
                float[] yStep;
                try (S4Runtime st = S4Runtime.open(dir, RuntimeOptions.builder().chunkSize(0).maxBatch(1).build())) {
                    yStep = SequenceRunner.run(st, st.newState(), input, length, false).output();
                }
                assertThat(TestData.maxAbsDiff(y, yStep)).as("chunk %d vs per-sample outputs", t)
                        .isLessThanOrEqualTo(1e-5 * TestData.maxAbs(yStep));
                assertThat(TestData.maxAbsDiff(state, stepState)).as("chunk %d vs per-sample final state", t)
                        .isLessThanOrEqualTo(1e-5 * TestData.maxAbs(stepState));
            }
        }
    }

    private static double[] finalState(DiscreteSsm ssm, float[] input, int length) {
        int h = ssm.channels();
        double[] x = new double[h * ssm.size()];
        double[] scratch = new double[ssm.size()];
        double[] uk = new double[h];
        double[] yk = new double[h];
        for (int k = 0; k < length; k++) {
            for (int c = 0; c < h; c++) {
                uk[c] = input[k * h + c];
            }
            ssm.step(x, uk, yk, scratch);
        }
        return x;
    }
}
