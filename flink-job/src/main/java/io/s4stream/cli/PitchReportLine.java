package io.s4stream.cli;

import io.s4stream.audio.pitch.PitchReport;
import io.s4stream.audio.pitch.PitchTrack;

import java.util.Locale;

/** The one-line form of a {@link PitchReport} that {@code continue --pitch-report} prints. */
final class PitchReportLine {
    private PitchReportLine() {}

    /**
     * {@code pitch track of WHAT (TarsosDSP YIN, F-sample frames): N frames, P % pitched, Q %
     * stable (within 50 cents), median H Hz (NOTE)}, or {@code median n/a (no pitched frame)} at
     * the end when no frame is pitched.
     */
    static String format(String what, PitchReport r) {
        String median =
                r.hasPitch()
                        ? String.format(
                                Locale.ROOT, "median %.0f Hz (%s)", r.medianHz(), r.medianNote())
                        : "median n/a (no pitched frame)";
        return String.format(
                Locale.ROOT,
                "pitch track of %s (%s, %d-sample frames): %d frames, %d %% pitched,"
                        + " %d %% stable (within %.0f cents), %s",
                what,
                PitchTrack.ALGORITHM,
                r.frameSize(),
                r.frames(),
                Math.round(100 * r.pitchedFraction()),
                Math.round(100 * r.stableFraction()),
                PitchTrack.STABLE_CENTS,
                median);
    }
}
