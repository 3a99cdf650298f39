package io.s4stream.audio.file;

import io.s4stream.audio.dsp.Downmixer;

import java.util.Arrays;

/**
 * Decoded audio: interleaved float samples (nominally in [-1, 1]), a sample rate and a channel
 * count. Immutable: the constructor copies the array and {@link #interleaved()} returns a copy; use
 * {@link #copyFrames} or {@link #sample(int)} to read without copying everything.
 */
public final class DecodedAudio {
    private final float[] samples;
    private final int sampleRate;
    private final int channels;

    /** Copies {@code interleaved}. */
    public DecodedAudio(float[] interleaved, int sampleRate, int channels) {
        this(sampleRate, channels, interleaved.clone());
    }

    private DecodedAudio(int sampleRate, int channels, float[] owned) {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sampleRate must be > 0, got " + sampleRate);
        }
        if (channels <= 0) {
            throw new IllegalArgumentException("channels must be > 0, got " + channels);
        }
        if (owned.length % channels != 0) {
            throw new IllegalArgumentException(
                    owned.length
                            + " samples is not a whole number of "
                            + channels
                            + "-channel frames");
        }
        this.samples = owned;
        this.sampleRate = sampleRate;
        this.channels = channels;
    }

    /** Wraps an array that nobody else references (used by the decoders of this package). */
    static DecodedAudio adopt(float[] owned, int sampleRate, int channels) {
        return new DecodedAudio(sampleRate, channels, owned);
    }

    /** A copy of the interleaved samples. */
    public float[] interleaved() {
        return samples.clone();
    }

    /** Interleaved sample {@code index}. */
    public float sample(int index) {
        return samples[index];
    }

    /** Copies {@code frames} frames starting at frame {@code fromFrame} into {@code dst}. */
    public void copyFrames(int fromFrame, int frames, float[] dst, int dstOffset) {
        System.arraycopy(samples, fromFrame * channels, dst, dstOffset, frames * channels);
    }

    public int sampleRate() {
        return sampleRate;
    }

    public int channels() {
        return channels;
    }

    public int frames() {
        return samples.length / channels;
    }

    public double durationSeconds() {
        return (double) frames() / sampleRate;
    }

    /** The mean of the channels, as a new mono array. */
    public float[] toMono() {
        return Downmixer.toMono(samples, channels);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DecodedAudio d
                && sampleRate == d.sampleRate
                && channels == d.channels
                && Arrays.equals(samples, d.samples);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * sampleRate + channels) + Arrays.hashCode(samples);
    }

    @Override
    public String toString() {
        return "DecodedAudio[" + frames() + " frames, " + sampleRate + " Hz, " + channels + " ch]";
    }
}
