package io.s4stream.job.operator;

import io.s4stream.audio.dsp.ResamplerState;
import io.s4stream.job.inference.SampleBuffer;

/**
 * Keyed state of one stream's generator prompt in {@link PromptFeeder}: the continuation model
 * advanced teacher-forced on the stream's own audio, so that a continuation can start from it.
 * Mutable; serialized by {@link PromptStateSerializer}.
 */
final class PromptState {

    /**
     * The resampler's state (stream rate to generator rate) as of the last checkpoint; null before
     * the first one. Between checkpoints the feeder's live resampler is authoritative.
     */
    ResamplerState resampler;

    /** The generator's recurrent state after the inputs already run. */
    float[] state;

    /**
     * Generator inputs not yet run: for each received sample, the mu-law index of the sample before
     * it (as a float), which is what the model reads when it predicts that sample.
     */
    SampleBuffer pending;

    /** Mu-law index of the last sample received: the input that predicts the next sample. */
    int lastIndex;

    PromptState(ResamplerState resampler, float[] state, SampleBuffer pending, int lastIndex) {
        this.resampler = resampler;
        this.state = state;
        this.pending = pending;
        this.lastIndex = lastIndex;
    }

    PromptState copy() {
        return new PromptState(resampler, state.clone(), pending.copy(), lastIndex);
    }
}
