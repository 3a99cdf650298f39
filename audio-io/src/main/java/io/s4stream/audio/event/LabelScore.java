package io.s4stream.audio.event;

import java.util.Objects;

/**
 * One label and its score (a mean softmax probability).
 *
 * @param label class name
 * @param score finite score, usually in [0, 1]
 */
public record LabelScore(String label, double score) {
    public LabelScore {
        Objects.requireNonNull(label, "label");
        if (!Double.isFinite(score)) {
            throw new IllegalArgumentException("score of '" + label + "' is " + score);
        }
    }
}
