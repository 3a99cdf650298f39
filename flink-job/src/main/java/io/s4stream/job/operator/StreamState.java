package io.s4stream.job.operator;

import io.s4stream.audio.dsp.ResamplerState;
import io.s4stream.job.inference.ClassificationTally;
import io.s4stream.job.inference.SampleBuffer;

/**
 * Keyed state of one audio stream in {@link S4InferenceOperator}. Mutable; the operator reads it,
 * changes it and writes it back. Serialized by {@link StreamStateSerializer}.
 */
public final class StreamState {

    /** Sequence number of the last accepted record. */
    long lastSeq;

    /** The stream's own sample rate and channel count (fixed by its first record). */
    int sourceRate;

    int channels;

    /**
     * The resampler's state as of the last checkpoint; null before the first one. Between
     * checkpoints the operator's live resampler is authoritative.
     */
    ResamplerState resampler;

    /** The S4 model's recurrent state. */
    float[] s4State;

    /** Model-rate samples not yet run (fewer than a chunk once the operator has flushed). */
    SampleBuffer pending;

    /** Model-rate samples received so far (run or pending). */
    long position;

    /** Hop and whole-stream accumulators. */
    ClassificationTally tally;

    /** Processing time of the last record, and of the registered idle timer (or -1). */
    long lastSeenMillis;

    long idleTimerMillis;

    StreamState(
            long lastSeq,
            int sourceRate,
            int channels,
            ResamplerState resampler,
            float[] s4State,
            SampleBuffer pending,
            long position,
            ClassificationTally tally,
            long lastSeenMillis,
            long idleTimerMillis) {
        this.lastSeq = lastSeq;
        this.sourceRate = sourceRate;
        this.channels = channels;
        this.resampler = resampler;
        this.s4State = s4State;
        this.pending = pending;
        this.position = position;
        this.tally = tally;
        this.lastSeenMillis = lastSeenMillis;
        this.idleTimerMillis = idleTimerMillis;
    }

    StreamState copy() {
        return new StreamState(
                lastSeq,
                sourceRate,
                channels,
                resampler,
                s4State.clone(),
                pending.copy(),
                position,
                tally.copy(),
                lastSeenMillis,
                idleTimerMillis);
    }
}
