package io.s4stream.job.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.s4stream.job.testing.TestModels;
import io.s4stream.models.runtime.RuntimeOptions;
import io.s4stream.models.runtime.S4Runtime;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

class ModelBatchTest {

    private static SampleBuffer signal(int n, double f) {
        float[] s = new float[n];
        for (int i = 0; i < n; i++) {
            s[i] = (float) (0.4 * Math.sin(i * f) + 0.1 * Math.sin(i * f * 7.3));
        }
        return SampleBuffer.of(s, n);
    }

    @Test
    void aStreamGetsTheSameBitsAloneAsAnywhereInABatch() {
        try (S4Runtime rt =
                S4Runtime.open(
                        TestModels.classifier(),
                        RuntimeOptions.builder().chunkSize(256).maxBatch(4).build())) {
            SampleBuffer mine = signal(256 + 16, 0.01);
            ModelBatch alone = new ModelBatch(rt, 1);
            float[] aloneState = rt.newState();
            alone.addChunk(aloneState, mine, 0);
            alone.runChunk();
            float[] aloneOut = Arrays.copyOf(alone.output(), 16 * 3);
            alone.runStep(aloneState, mine, 256);
            float[] aloneStep = Arrays.copyOf(alone.stepOutput(), 3);

            for (int position = 0; position < 3; position++) {
                ModelBatch batch = new ModelBatch(rt, 3);
                float[] state = rt.newState();
                for (int i = 0; i < 3; i++) {
                    if (i == position) {
                        batch.addChunk(state, mine, 0);
                    } else {
                        batch.addChunk(rt.newState(), signal(256, 0.03 * (i + 1)), 0);
                    }
                }
                batch.runChunk();
                int at = batch.outputOffset(position);
                assertThat(Arrays.copyOfRange(batch.output(), at, at + 16 * 3))
                        .as("row %d", position)
                        .isEqualTo(aloneOut);
                assertThat(state).isEqualTo(stateAfter(rt, mine));
            }
            assertThat(aloneOut).isNotEqualTo(new float[16 * 3]);
            assertThat(aloneStep).isNotEqualTo(new float[3]);
        }
    }

    @Test
    void powerOfTwoBatchesPadToFewSizesAndGiveTheSameBits() {
        try (S4Runtime rt =
                S4Runtime.open(
                        TestModels.classifier(),
                        RuntimeOptions.builder().chunkSize(256).maxBatch(6).build())) {
            ModelBatch any = new ModelBatch(rt, 6);
            ModelBatch pow2 = new ModelBatch(rt, 6, ModelBatch.Rows.POWERS_OF_TWO);
            int[] anyRows = new int[6];
            int[] pow2Rows = new int[6];
            for (int n = 1; n <= 6; n++) {
                anyRows[n - 1] = any.callRows(n);
                pow2Rows[n - 1] = pow2.callRows(n);
            }
            assertThat(anyRows).containsExactly(2, 2, 3, 4, 5, 6);
            assertThat(pow2Rows).containsExactly(2, 2, 4, 4, 6, 6);

            float[][] states = new float[2][];
            for (ModelBatch batch : new ModelBatch[] {any, pow2}) {
                for (int i = 0; i < 3; i++) {
                    float[] state = rt.newState();
                    batch.addChunk(state, signal(256, 0.03 * (i + 1)), 0);
                    if (i == 2) {
                        states[batch == any ? 0 : 1] = state;
                    }
                }
                batch.runChunk();
                batch.clear();
            }
            assertThat(states[1]).isEqualTo(states[0]).isNotEqualTo(rt.newState());
        }
    }

    private static float[] stateAfter(S4Runtime rt, SampleBuffer mine) {
        ModelBatch alone = new ModelBatch(rt, 1);
        float[] state = rt.newState();
        alone.addChunk(state, mine, 0);
        alone.runChunk();
        return state;
    }
}
