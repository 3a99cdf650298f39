package io.s4stream.models.generation;

import static org.assertj.core.api.Assertions.assertThat;

import io.s4stream.models.TestData;
import io.s4stream.models.compile.ModelCompiler;
import io.s4stream.models.runtime.RuntimeOptions;
import io.s4stream.models.runtime.S4Runtime;
import io.s4stream.models.runtime.Task;
import io.s4stream.models.s4.ModelInit;
import io.s4stream.models.spec.BlockSpec;
import io.s4stream.models.spec.Discretization;
import io.s4stream.models.spec.LayerSpec;
import io.s4stream.models.spec.ModelSpec;
import io.s4stream.models.spec.SsmInit;
import io.s4stream.models.spec.SsmMode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContinuationTest {
    @TempDir
    static Path tmp;

    static Path model;

    @BeforeAll
    static void compile() {
        BlockSpec block = new BlockSpec(16, 8, SsmMode.DIAG, SsmInit.DIAG_LIN, Discretization.ZOH, 0);
        ModelSpec spec = ModelSpec.builder().name("tiny-gen").task(Task.GENERATION).sampleRate(16000)
                .inputEncoding(ModelSpec.InputEncoding.MULAW_INDEX)
                .layers(List.of(new LayerSpec.Embedding("embed", 256, 16),
                        new LayerSpec.Residual("blocks.0", true, true, block),
                        new LayerSpec.LayerNorm("norm", 16), new LayerSpec.Linear("head", 16, 256)))
                .build();
        model = tmp.resolve("gen");
        ModelCompiler.compile(spec, ModelInit.weights(spec, 3), model, List.of());
    }

    @Test
    void muLawMatchesTheTrainingCodec() {
        assertThat(MuLaw.encode(0f)).isEqualTo(MuLaw.SILENCE_INDEX);
        assertThat(MuLaw.encode(1f)).isEqualTo(255);
        assertThat(MuLaw.encode(-1f)).isZero();
        for (int i = 0; i < 256; i++) {
            assertThat(MuLaw.encode(MuLaw.decode(i))).isEqualTo(i);
        }
    }

    private static float[] prompt() {
        float[] p = new float[1000];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) (0.4 * Math.sin(2 * Math.PI * 220 * i / 16000.0));
        }
        return p;
    }

    @Test
    void primingWithChunksLeavesTheSameStateAsSteps() {
        try (S4Runtime chunked = S4Runtime.open(model, RuntimeOptions.builder().chunkSize(64).maxBatch(4).build());
                S4Runtime steps = S4Runtime.open(model, RuntimeOptions.builder().chunkSize(0).maxBatch(4).build())) {
            Continuation a = Continuation.prime(chunked, prompt(), 1, Sampling.PLAIN);
            Continuation b = Continuation.prime(steps, prompt(), 1, Sampling.PLAIN);
            assertThat(a.nextIndex()).isEqualTo(b.nextIndex());
            assertThat(TestData.maxAbsDiff(a.state(), b.state())).isLessThanOrEqualTo(1e-5 * TestData.maxAbs(b.state()));
        }
    }

    @Test
    void sameSeedSameAudioAndBatchingChangesNothing() {
        try (S4Runtime rt = S4Runtime.open(model, RuntimeOptions.builder().chunkSize(0).maxBatch(4).build())) {
            long seed = Continuation.seedFor("stream-a", 7);
            float[] alone = Continuation.prime(rt, prompt(), seed, Sampling.PLAIN).generate(rt, 300);
            float[] again = Continuation.prime(rt, prompt(), seed, Sampling.PLAIN).generate(rt, 300);
            assertThat(again).containsExactly(alone);

            Continuation[] batch = {
                Continuation.prime(rt, prompt(), Continuation.seedFor("other", 7), Sampling.PLAIN),
                Continuation.prime(rt, prompt(), seed, Sampling.PLAIN)
            };
            float[][] states = new float[2][];
            float[] in = new float[2];
            float[] logits = new float[2 * 256];
            float[] samples = new float[2];
            float[] batched = new float[300];
            for (int i = 0; i < 300; i++) {
                Continuation.step(rt, batch, 2, states, in, logits, samples);
                batched[i] = samples[1];
            }
            assertThat(batched).containsExactly(alone);

            // Resuming from (state, next, seed, drawn) continues exactly where the stream was.
            Continuation first = Continuation.prime(rt, prompt(), seed, Sampling.PLAIN);
            float[] head = first.generate(rt, 100);
            Continuation resumed = Continuation.resume(first.state().clone(), first.nextIndex(), first.seed(),
                    first.drawn(), first.sampling());
            float[] tail = resumed.generate(rt, 200);
            float[] joined = new float[300];
            System.arraycopy(head, 0, joined, 0, 100);
            System.arraycopy(tail, 0, joined, 100, 200);
            assertThat(joined).containsExactly(alone);
        }
    }
}
