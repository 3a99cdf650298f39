package io.s4stream.job.bench;

/**
 * A deterministic synthetic instrument for one benchmark stream: notes of a harmonic tone (one of
 * four timbres, read from a shared wavetable with linear interpolation) with a short attack and an
 * exponential decay. Pitch, note length and timbre follow from the stream index, so streams differ
 * from each other and a rerun renders the same samples. Cheap enough for hundreds of real-time
 * streams on one thread; no allocation after construction.
 */
public final class SyntheticAudio {

    private static final int TABLE = 2048;
    private static final float[][] TIMBRES = timbres();
    private static final double AMPLITUDE = 0.45;
    private static final double ATTACK_SECONDS = 0.01;

    private final int sampleRate;
    private final float[] table;
    private final int noteSamples;
    private final int attackSamples;
    private final double decay;
    private long seed;
    private double phase;
    private double increment;
    private double envelope;
    private int inNote;

    /** The audio of stream {@code index} at {@code sampleRate} Hz, from its start. */
    public SyntheticAudio(int index, int sampleRate) {
        if (index < 0) {
            throw new IllegalArgumentException("stream index must be >= 0, got " + index);
        }
        if (sampleRate < 1000) {
            throw new IllegalArgumentException("sample rate must be >= 1000 Hz, got " + sampleRate);
        }
        this.sampleRate = sampleRate;
        this.table = TIMBRES[index % TIMBRES.length];
        double noteSeconds = 0.2 + 0.07 * (index % 7);
        this.noteSamples = (int) (noteSeconds * sampleRate);
        this.attackSamples = (int) (ATTACK_SECONDS * sampleRate);
        this.decay = Math.exp(-3.0 / noteSamples);
        this.seed = 0x9E3779B97F4A7C15L * (index + 1);
        startNote();
    }

    /** Writes the next {@code n} samples into {@code dst[offset..offset+n)}, in [-1, 1]. */
    public void render(float[] dst, int offset, int n) {
        for (int i = 0; i < n; i++) {
            if (inNote == noteSamples) {
                startNote();
            }
            double level =
                    inNote < attackSamples ? (double) inNote / attackSamples * envelope : envelope;
            if (inNote >= attackSamples) {
                envelope *= decay;
            }
            double x = phase * TABLE;
            int j = (int) x;
            double frac = x - j;
            double v = table[j] + frac * (table[(j + 1) & (TABLE - 1)] - table[j]);
            dst[offset + i] = (float) (AMPLITUDE * level * v);
            phase += increment;
            if (phase >= 1) {
                phase -= 1;
            }
            inNote++;
        }
    }

    private void startNote() {
        seed = seed * 6364136223846793005L + 1442695040888963407L;
        int semitone = (int) ((seed >>> 33) % 30);
        double hz = 82.41 * Math.pow(2, semitone / 12.0);
        increment = hz / sampleRate;
        envelope = 0.6 + 0.4 * ((seed >>> 20) & 0xff) / 255.0;
        inNote = 0;
    }

    /** Four single-period waveforms, each normalised to a peak of 1. */
    private static float[][] timbres() {
        double[][] harmonics = {
            {1, 0.5, 0.33, 0.25, 0.2, 0.16}, // bright, saw-like
            {1, 0, 0.33, 0, 0.2, 0, 0.14}, // hollow, odd harmonics
            {1, 0.3, 0.1}, // soft
            {0.6, 1, 0.5, 0.7, 0.2, 0.3, 0.1, 0.15} // nasal, strong upper partials
        };
        float[][] out = new float[harmonics.length][TABLE];
        for (int t = 0; t < harmonics.length; t++) {
            double peak = 0;
            double[] v = new double[TABLE];
            for (int i = 0; i < TABLE; i++) {
                for (int h = 0; h < harmonics[t].length; h++) {
                    v[i] += harmonics[t][h] * Math.sin(2 * Math.PI * (h + 1) * i / TABLE);
                }
                peak = Math.max(peak, Math.abs(v[i]));
            }
            for (int i = 0; i < TABLE; i++) {
                out[t][i] = (float) (v[i] / peak);
            }
        }
        return out;
    }
}
