package io.s4stream.audio.source;

/** A pull source of interleaved float frames. Not thread-safe, except {@link #close()}. */
public interface AudioSource extends AutoCloseable {
    /** Sample rate in Hz. */
    int sampleRate();

    /** Interleaved channels per frame. */
    int channels();

    /** Total frames when known in advance, otherwise -1. */
    long totalFrames();

    /**
     * Reads up to {@code maxFrames} frames into {@code dst} (interleaved, from sample index {@code
     * offset}), blocking until at least one frame is available.
     *
     * @return frames read (at least 1), or -1 at the end of the source
     * @throws AudioSourceException when the source fails or ends in the middle of a frame
     */
    int read(float[] dst, int offset, int maxFrames);

    /** Releases the source; a blocked {@link #read} may then return -1. Idempotent. */
    @Override
    void close();
}
