package io.s4stream.audio.pitch;

/** Equal-tempered pitch arithmetic (A4 = 440 Hz = MIDI 69). */
public final class Notes {
    private static final String[] NAMES = {
        "C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"
    };

    private Notes() {}

    /** The fractional MIDI note number of {@code hz} (69 at 440 Hz). */
    public static double midi(double hz) {
        return 69 + 12 * Math.log(hz / 440.0) / Math.log(2);
    }

    /** The distance from {@code fromHz} to {@code toHz} in cents (1200 per octave). */
    public static double cents(double fromHz, double toHz) {
        return 1200 * Math.log(toHz / fromHz) / Math.log(2);
    }

    /** The name of MIDI note {@code midi} with its octave, sharps only: 60 is C4, 69 is A4. */
    public static String name(int midi) {
        return NAMES[Math.floorMod(midi, 12)] + (Math.floorDiv(midi, 12) - 1);
    }

    /** The name of the note nearest to {@code hz}, e.g. "C4" for 262 Hz. */
    public static String nearestName(double hz) {
        return name((int) Math.round(midi(hz)));
    }
}
