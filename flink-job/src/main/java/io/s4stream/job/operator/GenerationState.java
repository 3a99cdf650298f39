package io.s4stream.job.operator;

import io.s4stream.audio.dsp.ResamplerState;

/**
 * Keyed state of one stream generating its continuation in {@link ContinuationGenerator}: what
 * {@link io.s4stream.models.generation.Continuation#resume} needs (state, next index, seed, draws
 * so far), how much is left, the next record's seq, and the output resampler. Mutable; serialized
 * by {@link GenerationStateSerializer}.
 */
final class GenerationState {

    /** The generator's recurrent state. */
    float[] state;

    /** Mu-law index of the last generated (or prompt) sample: the next step's input. */
    int nextIndex;

    /** The stream's sampling seed. */
    long seed;

    /** Samples drawn so far (the counter of the counter-based sampler). */
    long drawn;

    /** Generator-rate samples still to generate. */
    long remaining;

    /** Sequence number of the next continuation record. */
    long seq;

    /**
     * The output resampler's state (generator rate to output rate) as of the last checkpoint; null
     * before the first one. Between checkpoints the generator's live resampler is authoritative.
     */
    ResamplerState resampler;

    GenerationState(
            float[] state,
            int nextIndex,
            long seed,
            long drawn,
            long remaining,
            long seq,
            ResamplerState resampler) {
        this.state = state;
        this.nextIndex = nextIndex;
        this.seed = seed;
        this.drawn = drawn;
        this.remaining = remaining;
        this.seq = seq;
        this.resampler = resampler;
    }

    GenerationState copy() {
        return new GenerationState(
                state.clone(), nextIndex, seed, drawn, remaining, seq, resampler);
    }
}
