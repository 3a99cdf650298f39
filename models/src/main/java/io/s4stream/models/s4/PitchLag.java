package io.s4stream.models.s4;

import io.s4stream.models.spec.LayerSpec;

/**
 * A pitch-lag embedding's features ({@link LayerSpec.PitchLagEmbedding}), one step at a time, in
 * float32 and in the operation order of the compiled step graph and of the training code
 * (models/training/pitch_lag.py), so all three pick the same lag. Java's float arithmetic is IEEE
 * single precision with no fused operations, as ORT's elementwise kernels and numpy's are.
 */
public final class PitchLag {
    /** Inputs P-2, P-1 and P steps back, then the normalised difference at P. */
    public static final int FEATURES = 4;
    /** Keeps the normalisation finite in silence. */
    public static final float EPS = 1e-6f;

    private final LayerSpec.PitchLagEmbedding spec;
    private final float[] table;
    private final float decay;
    /** ring[j] = the companded input j steps back (zero before the stream). */
    private final float[] ring;
    /** The windowed difference function, lag tau at tau - 1. */
    private final float[] dsum;
    private final float[] normalised;

    public PitchLag(LayerSpec.PitchLagEmbedding spec) {
        this.spec = spec;
        this.table = companded(spec.num());
        this.decay = decay(spec.window());
        this.ring = new float[spec.maxLag() + 1];
        this.dsum = new float[spec.maxLag()];
        this.normalised = new float[spec.maxLag()];
    }

    /** Level i -> (i - c) / c with c = (num - 1) / 2: [-1, 1], rounded once to float32. */
    public static float[] companded(int num) {
        double c = (num - 1) / 2.0;
        float[] t = new float[num];
        for (int i = 0; i < num; i++) {
            t[i] = (float) ((i - c) / c);
        }
        return t;
    }

    /** The window's per-step decay, 1 - 1/window, rounded to float32. */
    public static float decay(int window) {
        return (float) (1.0 - 1.0 / window);
    }

    /** Takes the next input level and writes its {@link #FEATURES} features at out[at..]. */
    public void step(int level, float[] out, int at) {
        System.arraycopy(ring, 0, ring, 1, ring.length - 1);
        ring[0] = table[level];
        float cum = 0f;
        for (int k = 0; k < dsum.length; k++) {
            float diff = ring[0] - ring[k + 1];
            dsum[k] = dsum[k] * decay + diff * diff;
            cum += dsum[k];
            normalised[k] = dsum[k] * (k + 1) / (cum + EPS);
        }
        int period = spec.minLag();
        for (int tau = spec.minLag() + 1; tau <= spec.maxLag(); tau++) {
            if (normalised[tau - 1] < normalised[period - 1]) {
                period = tau; // the first of equal minima, as ArgMin and numpy's argmin keep
            }
        }
        out[at] = ring[period - 2];
        out[at + 1] = ring[period - 1];
        out[at + 2] = ring[period];
        out[at + 3] = normalised[period - 1];
    }
}
