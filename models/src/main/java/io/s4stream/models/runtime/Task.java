package io.s4stream.models.runtime;

/** What a model's output means. */
public enum Task {
    /** Per-frame logits over {@link ModelManifest#labels()}. */
    CLASSIFICATION,
    /** Per-sample logits over 256 mu-law classes; the input is the previous class index. */
    GENERATION,
    /** Plain sequence-to-sequence (for example one official S4 block). */
    SEQUENCE
}
