package io.s4stream.job.inference;

import io.s4stream.audio.dsp.Downmixer;
import io.s4stream.audio.dsp.SampleSink;
import io.s4stream.audio.dsp.StreamResampler;
import io.s4stream.audio.record.AudioChunk;

/**
 * Brings a stream's audio to the model's input: the mean of the channels (mono), resampled to the
 * model's rate by the stream's own {@link StreamResampler}. Reuses one scratch buffer; not
 * thread-safe.
 */
public final class ModelRateConverter {

    private float[] scratch = new float[0];

    /** Converts one record's samples; the resampler hands its output to {@code out}. */
    public void convert(AudioChunk chunk, StreamResampler resampler, SampleSink out) {
        int frames = toMono(chunk);
        if (frames > 0) {
            resampler.process(scratch, 0, frames, out);
        }
    }

    /**
     * Mixes one record to mono into this converter's scratch buffer, read through {@link #mono()}
     * until the next call; returns the number of mono samples (the record's frames).
     */
    public int toMono(AudioChunk chunk) {
        int n = chunk.sampleCount();
        if (scratch.length < n) {
            scratch = new float[Math.max(n, scratch.length * 2)];
        }
        chunk.copySamples(scratch, 0);
        Downmixer.toMono(scratch, 0, chunk.frameCount(), chunk.channels(), scratch, 0);
        return chunk.frameCount();
    }

    /** The mono samples of the last {@link #toMono(AudioChunk)} call (a reused buffer). */
    public float[] mono() {
        return scratch;
    }

    /**
     * Converts {@code frames} interleaved frames held in {@code samples} (overwritten in place by
     * the mono mix).
     */
    public static void convert(
            float[] samples, int frames, int channels, StreamResampler resampler, SampleSink out) {
        Downmixer.toMono(samples, 0, frames, channels, samples, 0);
        resampler.process(samples, 0, frames, out);
    }
}
