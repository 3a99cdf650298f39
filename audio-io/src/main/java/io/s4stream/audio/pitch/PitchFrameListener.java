package io.s4stream.audio.pitch;

/** Receives each analysed frame of a {@link PitchTrack}, in order. */
@FunctionalInterface
public interface PitchFrameListener {
    /**
     * Frame {@code index} starts at sample {@code index × hop} of the analysed range. {@code hz} is
     * the detected pitch ({@code NaN} when {@code pitched} is false); {@code probability} is YIN's
     * {@code 1 − d'(τ)}, 0 when nothing was found.
     */
    void frame(int index, boolean pitched, boolean stable, float hz, float probability);
}
