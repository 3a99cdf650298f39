package io.s4stream.audio.pitch;

/**
 * The summary of one {@link PitchTrack#analyze} call.
 *
 * @param frames frames analysed ({@code 0} when the input is shorter than one frame)
 * @param pitchedFrames frames YIN found a pitch in with at least the track's minimum probability
 * @param stableFrames pitched frames whose previous frame was pitched within {@link
 *     PitchTrack#STABLE_CENTS} cents
 * @param noteChanges times a stable frame's nearest note differs from the previous stable frame's:
 *     one fewer than the notes of a melody, 0 for one held note
 * @param medianHz median pitch of the pitched frames, {@code NaN} when none is pitched
 * @param frameSize samples per frame
 * @param sampleRate the analysed audio's sample rate
 */
public record PitchReport(
        int frames,
        int pitchedFrames,
        int stableFrames,
        int noteChanges,
        double medianHz,
        int frameSize,
        int sampleRate) {

    /** Pitched frames over all frames, 0 when there are none. */
    public double pitchedFraction() {
        return frames == 0 ? 0 : (double) pitchedFrames / frames;
    }

    /** Stable frames over all frames, 0 when there are none. */
    public double stableFraction() {
        return frames == 0 ? 0 : (double) stableFrames / frames;
    }

    /** Whether any frame is pitched (and so {@link #medianHz} is a number). */
    public boolean hasPitch() {
        return pitchedFrames > 0;
    }

    /** The note nearest to the median pitch, e.g. "C4"; "-" when no frame is pitched. */
    public String medianNote() {
        return hasPitch() ? Notes.nearestName(medianHz) : "-";
    }
}
