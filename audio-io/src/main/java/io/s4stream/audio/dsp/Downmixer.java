package io.s4stream.audio.dsp;

/** Interleaved multi-channel audio to mono, as the mean of the channels of each frame. */
public final class Downmixer {
    private Downmixer() {}

    /**
     * Writes {@code frames} mono samples to {@code out[outOff..]} from interleaved {@code in} at
     * {@code inOff}. No allocation; {@code in} and {@code out} may be the same array when {@code
     * outOff <= inOff}.
     */
    public static void toMono(
            float[] in, int inOff, int frames, int channels, float[] out, int outOff) {
        if (channels < 1) {
            throw new IllegalArgumentException("channels must be >= 1, got " + channels);
        }
        if (channels == 1) {
            System.arraycopy(in, inOff, out, outOff, frames);
            return;
        }
        float inv = 1f / channels;
        int p = inOff;
        for (int f = 0; f < frames; f++) {
            float sum = 0f;
            for (int c = 0; c < channels; c++) {
                sum += in[p++];
            }
            out[outOff + f] = sum * inv;
        }
    }

    /** A new mono array from interleaved samples (a copy when {@code channels == 1}). */
    public static float[] toMono(float[] interleaved, int channels) {
        if (channels < 1) {
            throw new IllegalArgumentException("channels must be >= 1, got " + channels);
        }
        if (interleaved.length % channels != 0) {
            throw new IllegalArgumentException(
                    interleaved.length
                            + " samples is not a whole number of "
                            + channels
                            + "-channel frames");
        }
        int frames = interleaved.length / channels;
        float[] out = new float[frames];
        toMono(interleaved, 0, frames, channels, out, 0);
        return out;
    }
}
