package io.s4stream.models.generation;

import java.util.SplittableRandom;

/** Temperature sampling from logits with a caller-owned, seeded random source. */
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

    /** Draws an index from softmax(logits / temperature); temperature 0 takes the argmax. */
    public static int sample(float[] logits, int offset, double temperature, SplittableRandom random) {
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
        double u = random.nextDouble() * sum;
        double acc = 0;
        for (int i = 0; i < MuLaw.CLASSES; i++) {
            acc += Math.exp((logits[offset + i] - max) / temperature);
            if (u < acc) {
                return i;
            }
        }
        return best;
    }
}
