package io.s4stream.job.testing;

import io.s4stream.models.compile.ModelCompiler;
import io.s4stream.models.io.Tensor;
import io.s4stream.models.runtime.Task;
import io.s4stream.models.s4.ModelInit;
import io.s4stream.models.spec.BlockSpec;
import io.s4stream.models.spec.Discretization;
import io.s4stream.models.spec.LayerSpec;
import io.s4stream.models.spec.ModelSpec;
import io.s4stream.models.spec.SsmInit;
import io.s4stream.models.spec.SsmMode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Tiny S4 models with fixed pseudo-random weights, compiled once per JVM through the models
 * module's own compiler. The classifier: 44.1 kHz mono in, frame 16 (a pooling layer), one S4D
 * block with H = 8, N = 8, a linear head over labels {@code low, mid, high}. The generator: 16 kHz
 * mu-law indices in (an embedding), one residual S4D block with H = 16, N = 8, 256 logits per
 * sample.
 */
public final class TestModels {

    public static final int SAMPLE_RATE = 44_100;
    public static final int FRAME = 16;
    public static final List<String> LABELS = List.of("low", "mid", "high");
    private static final int H = 8;
    private static final int N = 8;

    /** The tiny generator's sample rate. */
    public static final int GENERATOR_RATE = 16_000;

    /** The chunk size the tiny generator is compiled for. */
    public static final int GENERATOR_CHUNK = 64;

    private static Path compiled;
    private static Path generator;

    private TestModels() {}

    /** The compiled classifier's directory (compiled on first use). */
    public static synchronized Path classifier() {
        if (compiled == null) {
            try {
                Path dir = Files.createTempDirectory("s4stream-test-model").resolve("tiny");
                ModelCompiler.compile(spec(), weights(), dir, List.of(256, 1024));
                compiled = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return compiled;
    }

    /** The compiled generator's directory (compiled on first use). */
    public static synchronized Path generator() {
        if (generator == null) {
            try {
                Path dir = Files.createTempDirectory("s4stream-test-generator").resolve("gen");
                ModelSpec spec = generatorSpec();
                ModelCompiler.compile(
                        spec, ModelInit.weights(spec, 3), dir, List.of(GENERATOR_CHUNK));
                generator = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return generator;
    }

    private static ModelSpec generatorSpec() {
        BlockSpec block =
                new BlockSpec(16, N, SsmMode.DIAG, SsmInit.DIAG_LIN, Discretization.ZOH, 0);
        return ModelSpec.builder()
                .name("tiny-generator")
                .version("0.0.1")
                .task(Task.GENERATION)
                .sampleRate(GENERATOR_RATE)
                .inputEncoding(ModelSpec.InputEncoding.MULAW_INDEX)
                .layers(
                        List.of(
                                new LayerSpec.Embedding("embed", 256, 16),
                                new LayerSpec.Residual("blocks.0", true, true, block),
                                new LayerSpec.LayerNorm("norm", 16),
                                new LayerSpec.Linear("head", 16, 256)))
                .build();
    }

    private static ModelSpec spec() {
        return ModelSpec.builder()
                .name("tiny-classifier")
                .version("0.0.1")
                .task(Task.CLASSIFICATION)
                .sampleRate(SAMPLE_RATE)
                .inputChannels(1)
                .labels(LABELS)
                .layers(
                        List.of(
                                new LayerSpec.Pool("pool0", FRAME, 1, H),
                                new LayerSpec.S4Block(
                                        "s4",
                                        new BlockSpec(
                                                H,
                                                N,
                                                SsmMode.DIAG,
                                                SsmInit.DIAG_LIN,
                                                Discretization.ZOH,
                                                0)),
                                new LayerSpec.Linear("head", H, LABELS.size())))
                .build();
    }

    private static Map<String, Tensor> weights() {
        Random rnd = new Random(42);
        int m = N / 2;
        Map<String, Tensor> w = new HashMap<>();
        put(w, "pool0.weight", normal(rnd, H * FRAME, 2.0), H, FRAME);
        put(w, "pool0.bias", normal(rnd, H, 0.1), H);
        float[] invDt = new float[H];
        for (int i = 0; i < H; i++) {
            invDt[i] = (float) Math.log(0.001 * Math.pow(100, (double) i / (H - 1)));
        }
        put(w, "s4.layer.kernel.inv_dt", invDt, H, 1);
        float[] aReal = new float[H * m];
        float[] aImag = new float[H * m];
        float[] b = new float[H * m * 2];
        for (int i = 0; i < H * m; i++) {
            aReal[i] = (float) Math.log(0.5);
            aImag[i] = (float) (Math.PI * (i % m));
            b[2 * i] = 1f;
        }
        put(w, "s4.layer.kernel.A_real", aReal, H, m);
        put(w, "s4.layer.kernel.A_imag", aImag, H, m);
        put(w, "s4.layer.kernel.B", b, 1, H, m, 2);
        put(w, "s4.layer.kernel.C", normal(rnd, H * m * 2, 0.5), 1, H, m, 2);
        put(w, "s4.layer.D", normal(rnd, H, 1.0), 1, H);
        put(w, "s4.output_linear.0.weight", normal(rnd, 2 * H * H, 0.4), 2 * H, H);
        put(w, "s4.output_linear.0.bias", normal(rnd, 2 * H, 0.1), 2 * H);
        put(w, "head.weight", normal(rnd, LABELS.size() * H, 1.5), LABELS.size(), H);
        put(w, "head.bias", new float[LABELS.size()], LABELS.size());
        return w;
    }

    private static float[] normal(Random rnd, int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (rnd.nextGaussian() * scale);
        }
        return v;
    }

    private static void put(Map<String, Tensor> w, String name, float[] data, long... shape) {
        w.put(name, new Tensor(name, shape, data));
    }
}
