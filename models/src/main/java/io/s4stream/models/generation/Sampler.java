package io.s4stream.models.generation;

/**
 * Temperature and nucleus (top-p) sampling from logits with counter-based randomness: the uniform
 * draw for sample {@code index} of a stream seeded {@code seed} is a pure function of the two, so a
 * generation can be checkpointed as (seed, index) and a replay draws the same numbers.
 */
public final class Sampler {
    private Sampler() {}

    /** log softmax(logits[offset .. offset+255])[index]. */
    static double logSoftmax(float[] logits, int offset, int index) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < MuLaw.CLASSES; i++) {
            max = Math.max(max, logits[offset + i]);
        }
        double sum = 0;
        for (int i = 0; i < MuLaw.CLASSES; i++) {
            sum += Math.exp(logits[offset + i] - max);
        }
        return logits[offset + index] - max - Math.log(sum);
    }

    /** A uniform double in [0, 1) for draw {@code index} of stream {@code seed} (SplitMix64 finaliser). */
    public static double uniform(long seed, long index) {
        long z = seed + (index + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53;
    }

    /**
     * Draws an index with uniform u from softmax(logits / temperature), restricted to the most
     * probable classes whose mass reaches {@code topP} (renormalised): topP 1 keeps all, temperature
     * 0 takes the argmax. The kept set is found without sorting or allocating: it is {w >= tau} for
     * the largest tau that still holds topP of the mass, found by bisection (40 halvings of (0, 1],
     * so only classes tied to within 1e-12 of the cut can differ from a sorted cut). Overwrites
     * {@code logits[offset .. offset+255]} with the unnormalised weights exp((logit - max) /
     * temperature), so the caller's buffer doubles as scratch.
     */
    public static int sample(float[] logits, int offset, double temperature, double topP, double u) {
        int best = 0;
        for (int i = 1; i < MuLaw.CLASSES; i++) {
            if (logits[offset + i] > logits[offset + best]) {
                best = i;
            }
        }
        if (temperature <= 0) {
            return best;
        }
        double max = logits[offset + best];
        double sum = 0;
        for (int i = 0; i < MuLaw.CLASSES; i++) {
            float w = (float) Math.exp((logits[offset + i] - max) / temperature);
            logits[offset + i] = w;
            sum += w;
        }
        double tau = topP >= 1 ? 0 : nucleusThreshold(logits, offset, topP * sum);
        double target = u * (tau == 0 ? sum : massAtLeast(logits, offset, tau));
        double acc = 0;
        for (int i = 0; i < MuLaw.CLASSES; i++) {
            float w = logits[offset + i];
            if (w >= tau) {
                acc += w;
                if (target < acc) {
                    return i;
                }
            }
        }
        return best;
    }

    /** The largest tau in [0, 1] whose kept set {w >= tau} holds at least {@code need} (w[argmax] == 1). */
    private static double nucleusThreshold(float[] w, int offset, double need) {
        if (massAtLeast(w, offset, 1) >= need) {
            return 1;
        }
        double lo = 0;
        double hi = 1;
        for (int it = 0; it < 40; it++) {
            double mid = 0.5 * (lo + hi);
            if (massAtLeast(w, offset, mid) >= need) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static double massAtLeast(float[] w, int offset, double tau) {
        double m = 0;
        for (int i = 0; i < MuLaw.CLASSES; i++) {
            if (w[offset + i] >= tau) {
                m += w[offset + i];
            }
        }
        return m;
    }
}
