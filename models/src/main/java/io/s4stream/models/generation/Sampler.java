package io.s4stream.models.generation;

/**
 * Temperature sampling from logits with counter-based randomness: the uniform draw for sample
 * {@code index} of a stream seeded {@code seed} is a pure function of the two, so a generation can
 * be checkpointed as (seed, index) and a replay draws the same numbers.
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

    /** Draws an index from softmax(logits / temperature) with uniform u; temperature 0 takes the argmax. */
    public static int sample(float[] logits, int offset, double temperature, double u) {
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
            sum += Math.exp((logits[offset + i] - max) / temperature);
        }
        double target = u * sum;
        double acc = 0;
        for (int i = 0; i < MuLaw.CLASSES; i++) {
            acc += Math.exp((logits[offset + i] - max) / temperature);
            if (target < acc) {
                return i;
            }
        }
        return best;
    }
}
