package io.s4stream.models.generation;

import java.io.Serializable;

/**
 * How a continuation draws each sample from the model's 256-way softmax: {@code temperature}
 * divides the logits (0 takes the argmax), and {@code topP} keeps only the most probable classes
 * whose probabilities add up to at least that share (nucleus sampling, Holtzman et al. 2020; 1
 * keeps all of them).
 *
 * <p>A sample-level model is unsure of each sample by a few mu-law levels; drawing from the whole
 * distribution adds that spread back as broadband noise on every sample, which buries the tone over
 * a few hundred milliseconds, while a low temperature pulls every draw toward the mode and the
 * audio decays into silence. Cutting the tail instead keeps the draw's spread but not its outliers.
 */
public record Sampling(double temperature, double topP) implements Serializable {

    /** Plain sampling from the model's distribution: temperature 1, no nucleus cut. */
    public static final Sampling PLAIN = new Sampling(1.0, 1.0);

    public Sampling {
        if (!(temperature >= 0 && temperature <= 100)) {
            throw new IllegalArgumentException("temperature must be in [0, 100], got " + temperature);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("top-p must be in (0, 1], got " + topP);
        }
    }

    /** Draws the index of one sample from {@code logits[offset .. offset+255]} (which it may overwrite). */
    int draw(float[] logits, int offset, double u) {
        return Sampler.sample(logits, offset, temperature, topP, u);
    }
}
