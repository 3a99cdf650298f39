package io.s4stream.job.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SyntheticAudioTest {

    private static float[] render(int index, int n) {
        float[] v = new float[n];
        new SyntheticAudio(index, 44_100).render(v, 0, n);
        return v;
    }

    @Test
    void sameStreamSameSamplesWhateverTheBlockSize() {
        float[] whole = render(3, 44_100);
        float[] pieces = new float[44_100];
        SyntheticAudio a = new SyntheticAudio(3, 44_100);
        int at = 0;
        for (int block : new int[] {1, 4410, 777, 30_000}) {
            int n = Math.min(block, pieces.length - at);
            a.render(pieces, at, n);
            at += n;
        }
        a.render(pieces, at, pieces.length - at);
        assertThat(pieces).containsExactly(whole);
    }

    @Test
    void streamsDifferAndStayWithinFullScale() {
        float[] a = render(0, 44_100);
        float[] b = render(1, 44_100);
        assertThat(a).isNotEqualTo(b);
        double energy = 0;
        for (float x : a) {
            assertThat(Math.abs(x)).isLessThanOrEqualTo(1f);
            energy += x * x;
        }
        assertThat(energy / a.length).as("mean power").isGreaterThan(1e-3);
    }
}
