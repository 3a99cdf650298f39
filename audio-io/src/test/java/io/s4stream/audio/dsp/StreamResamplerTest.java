package io.s4stream.audio.dsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.Random;

class StreamResamplerTest {
    private static final double FREQ = 1000.0;
    private static final float AMP = 0.5f;

    static float[] sine(int rate, double seconds, double freq) {
        float[] s = new float[(int) Math.round(rate * seconds)];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) (AMP * Math.sin(2 * Math.PI * freq * i / rate));
        }
        return s;
    }

    static float[] concat(float[] a, float[] b) {
        float[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    static float[] resampleInBlocks(StreamResampler r, float[] in, int[] blocks) {
        float[] out = new float[0];
        int p = 0;
        int i = 0;
        while (p < in.length) {
            int n = Math.min(blocks[i++ % blocks.length], in.length - p);
            out = concat(out, r.process(in, p, n));
            p += n;
        }
        return concat(out, r.flush());
    }

    static double snrDb(float[] out, int rate, double freq) {
        int skip = rate / 20;
        double sig = 0;
        double err = 0;
        for (int m = skip; m < out.length - skip; m++) {
            double ref = AMP * Math.sin(2 * Math.PI * freq * m / rate);
            sig += ref * ref;
            err += (out[m] - ref) * (out[m] - ref);
        }
        return 10 * Math.log10(sig / err);
    }

    @ParameterizedTest(name = "{0} -> {1} Hz, {2}")
    @CsvSource({
        "44100, 16000, HIGH, 65",
        "16000, 44100, HIGH, 65",
        "48000, 44100, HIGH, 65",
        "22050, 44100, HIGH, 65",
        "44100, 16000, LOW, 60",
        "22050, 44100, LOW, 60"
    })
    void sineMatchesTheAnalyticResampledSine(
            int from, int to, ResamplerQuality quality, double minSnrDb) {
        float[] in = sine(from, 2.0, FREQ);
        StreamResampler r = new StreamResampler(from, to, quality);
        float[] out = concat(r.process(in, 0, in.length), r.flush());

        double snr = snrDb(out, to, FREQ);
        System.out.printf(
                "resample %d -> %d Hz %s: SNR %.1f dB, %d -> %d samples%n",
                from, to, quality, snr, in.length, out.length);
        assertThat(snr).isGreaterThan(minSnrDb);
        assertThat((double) out.length)
                .isCloseTo(in.length * (double) to / from, Offset.offset(2.0));
        assertThat(r.inputSamples()).isEqualTo(in.length);
        assertThat(r.outputSamples()).isEqualTo(out.length);
    }

    @Test
    void aSineAboveTheTargetNyquistIsRemoved() {
        float[] in = sine(44100, 1.0, 12000);
        StreamResampler r = new StreamResampler(44100, 16000);
        float[] out = concat(r.process(in, 0, in.length), r.flush());
        double energy = 0;
        for (int m = 800; m < out.length - 800; m++) {
            energy += out[m] * out[m];
        }
        double rms = Math.sqrt(energy / (out.length - 1600));
        assertThat(20 * Math.log10(rms / (AMP / Math.sqrt(2)))).isLessThan(-40);
    }

    @ParameterizedTest
    @ValueSource(strings = {"44100,16000", "16000,44100", "48000,44100", "22050,44100"})
    void outputIsIdenticalForAnyBlockSizes(String rates) {
        int from = Integer.parseInt(rates.split(",")[0]);
        int to = Integer.parseInt(rates.split(",")[1]);
        float[] in = sine(from, 0.7, 440);
        float[] reference =
                resampleInBlocks(new StreamResampler(from, to), in, new int[] {in.length});

        Random rnd = new Random(42);
        int[] random = new int[64];
        for (int i = 0; i < random.length; i++) {
            random[i] = 1 + rnd.nextInt(3000);
        }
        for (int[] blocks : new int[][] {{1}, {100}, {4410}, random}) {
            float[] out = resampleInBlocks(new StreamResampler(from, to), in, blocks);
            assertArrayEquals(reference, out, "blocks starting " + blocks[0]);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 511, 512, 513, 9000, 22049})
    void snapshotAndRestoreContinueExactly(int cut) {
        float[] in = sine(22050, 1.0, 700);
        float[] reference =
                resampleInBlocks(new StreamResampler(22050, 44100), in, new int[] {333});

        StreamResampler first = new StreamResampler(22050, 44100);
        float[] head = resampleInBlocksNoFlush(first, Arrays.copyOf(in, cut), new int[] {333});
        ResamplerState state = ResamplerState.fromBytes(first.snapshot().toBytes());
        assertThat(state).isEqualTo(first.snapshot());

        StreamResampler restored = StreamResampler.restore(state);
        float[] tail =
                resampleInBlocks(restored, Arrays.copyOfRange(in, cut, in.length), new int[] {777});
        assertArrayEquals(reference, concat(head, tail));
        assertThat(restored.inputSamples()).isEqualTo(in.length);
        // the original keeps working independently of the restored copy
        float[] tail2 =
                resampleInBlocks(first, Arrays.copyOfRange(in, cut, in.length), new int[] {50});
        assertArrayEquals(tail, tail2);
    }

    static float[] resampleInBlocksNoFlush(StreamResampler r, float[] in, int[] blocks) {
        float[] out = new float[0];
        int p = 0;
        int i = 0;
        while (p < in.length) {
            int n = Math.min(blocks[i++ % blocks.length], in.length - p);
            out = concat(out, r.process(in, p, n));
            p += n;
        }
        return out;
    }

    @Test
    void identityPassesTheCallersArrayWithoutCopy() {
        StreamResampler r = new StreamResampler(44100, 44100);
        float[] in = sine(44100, 0.01, 440);
        float[][] seen = new float[1][];
        r.process(
                in,
                10,
                100,
                (s, off, len) -> {
                    seen[0] = s;
                    assertThat(off).isEqualTo(10);
                    assertThat(len).isEqualTo(100);
                });
        assertThat(seen[0]).isSameAs(in);
        assertThat(r.isIdentity()).isTrue();
        assertThat(r.flush()).isEmpty();
        ResamplerState s = r.snapshot();
        assertThat(StreamResampler.restore(ResamplerState.fromBytes(s.toBytes())).isFinished())
                .isTrue();
    }

    @Test
    void processAfterFlushIsRejected() {
        StreamResampler r = new StreamResampler(16000, 44100);
        r.flush();
        assertThatThrownBy(() -> r.process(new float[4], 0, 4))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void corruptStateBytesAreRejected() {
        assertThatThrownBy(() -> ResamplerState.fromBytes(new byte[] {1, 2, 3, 4, 5}))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] ok = new StreamResampler(16000, 44100).snapshot().toBytes();
        assertThatThrownBy(() -> ResamplerState.fromBytes(Arrays.copyOf(ok, ok.length - 3)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void restoringStateOfOtherRatesIntoATooSmallFilterFails() {
        StreamResampler big = new StreamResampler(44100, 1000);
        float[] in = sine(44100, 0.5, 100);
        big.process(in, 0, in.length);
        ResamplerState s = big.snapshot();
        ResamplerState forged =
                new ResamplerState(
                        44100,
                        48000,
                        s.quality(),
                        s.pending(),
                        new float[20000],
                        0,
                        s.filterTime(),
                        s.filterOutput(),
                        0,
                        0,
                        false);
        assertThatThrownBy(() -> StreamResampler.restore(forged))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("history");
    }
}
