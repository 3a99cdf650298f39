package io.s4stream.models.generation;

/**
 * 8-bit mu-law (mu = 255), exactly as the training code: f(x) = sign(x) ln(1 + 255|x|) / ln 256,
 * index = floor((f + 1) / 2 * 255 + 1/2); decode f = 2 index / 255 - 1, x = sign(f)(256^|f| - 1) / 255.
 */
public final class MuLaw {
    public static final int CLASSES = 256;
    /** The "previous sample" fed before the first sample of a phrase. */
    public static final int SILENCE_INDEX = 128;
    private static final double MU = 255;
    private static final double LOG1P_MU = Math.log1p(MU);
    private static final float[] DECODED = new float[CLASSES];

    static {
        for (int i = 0; i < CLASSES; i++) {
            double f = 2.0 * i / MU - 1.0;
            DECODED[i] = (float) (Math.signum(f) * (Math.pow(1 + MU, Math.abs(f)) - 1) / MU);
        }
    }

    private MuLaw() {}

    public static int encode(float sample) {
        double x = Math.max(-1.0, Math.min(1.0, sample));
        double f = Math.signum(x) * Math.log1p(MU * Math.abs(x)) / LOG1P_MU;
        return (int) Math.floor((f + 1.0) / 2.0 * MU + 0.5);
    }

    public static float decode(int index) {
        return DECODED[index];
    }

    /** Entropy in bits of the 256-bin histogram of the indices. */
    public static double histogramEntropyBits(int[] indices) {
        long[] counts = new long[CLASSES];
        for (int i : indices) {
            counts[i]++;
        }
        double h = 0;
        for (long c : counts) {
            if (c > 0) {
                double p = (double) c / indices.length;
                h -= p * Math.log(p) / Math.log(2);
            }
        }
        return h;
    }
}
