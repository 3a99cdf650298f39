package io.s4stream.audio.pitch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

class PitchTrackTest {
    private static final int RATE = 44_100;

    /**
     * Adds a piano-like note to {@code out[from, from + length)}: a 5 ms attack, then eight
     * slightly stretched partials (inharmonicity B = 2e-4) at amplitude 1/k, the higher ones
     * decaying faster.
     */
    static void addNote(float[] out, int from, int length, int rate, double f0, double amp) {
        for (int k = 1; k <= 8; k++) {
            double fk = k * f0 * Math.sqrt(1 + 2e-4 * k * k);
            if (fk >= rate / 2.0) {
                break;
            }
            double decay = 1.5 + 0.8 * k;
            for (int i = 0; i < length; i++) {
                double t = (double) i / rate;
                double env = Math.min(1, t / 0.005) * Math.exp(-decay * t);
                out[from + i] += (float) (amp / k * env * Math.sin(2 * Math.PI * fk * t));
            }
        }
    }

    static float[] note(int rate, double seconds, double f0) {
        float[] x = new float[(int) Math.round(rate * seconds)];
        addNote(x, 0, x.length, rate, f0, 0.3);
        return x;
    }

    @ParameterizedTest
    @CsvSource({"44100, 440", "44100, 55", "44100, 2093", "16000, 440", "16000, 262"})
    void aHeldPianoLikeNoteIsStableAtItsPitch(int rate, double hz) {
        PitchTrack track = new PitchTrack(rate);
        PitchReport r = track.analyze(note(rate, 2, hz));

        assertThat(r.frames()).isEqualTo(track.framesIn(2 * rate));
        assertThat(r.pitchedFraction()).isGreaterThanOrEqualTo(0.95);
        assertThat(r.stableFraction()).isGreaterThanOrEqualTo(0.9);
        assertThat(Notes.cents(hz, r.medianHz())).isCloseTo(0, within(20.0));
        assertThat(r.medianNote()).isEqualTo(Notes.nearestName(hz));
        assertThat(r.noteChanges()).isZero();
    }

    @Test
    void framesAre46MillisecondsWithAHalfFrameHop() {
        PitchTrack cd = new PitchTrack(44_100);
        assertThat(cd.frameSize()).isEqualTo(2048);
        assertThat(cd.hop()).isEqualTo(1024);
        assertThat(cd.lowestHz()).isCloseTo(43.1, within(0.1));
        assertThat(new PitchTrack(16_000).frameSize()).isEqualTo(744);
        assertThat(new PitchTrack(48_000).frameSize()).isEqualTo(2230);
        assertThat(cd.framesIn(2047)).isZero();
        assertThat(cd.framesIn(2048)).isEqualTo(1);
        assertThat(cd.framesIn(88_200)).isEqualTo(85);
        assertThat(cd.analyze(new float[2000]).frames()).isZero();
    }

    @Test
    void whiteNoiseIsNotStable() {
        Random rnd = new Random(7);
        float[] x = new float[2 * RATE];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.3 * rnd.nextGaussian());
        }
        PitchReport r = new PitchTrack(RATE).analyze(x);
        assertThat(r.frames()).isEqualTo(85);
        assertThat(r.stableFraction()).isLessThanOrEqualTo(0.1);
    }

    @Test
    void silenceAndDitherAreNeverPitched() {
        float[] zeros = new float[2 * RATE];
        PitchReport r = new PitchTrack(RATE).analyze(zeros);
        assertThat(r.frames()).isEqualTo(85);
        assertThat(r.pitchedFrames()).isZero();
        assertThat(r.stableFrames()).isZero();
        assertThat(r.medianHz()).isNaN();
        assertThat(r.medianNote()).isEqualTo("-");

        // A 440 Hz tone at -80 dBFS: YIN alone would call it pitched, the silence gate does not.
        float[] faint = new float[2 * RATE];
        for (int i = 0; i < faint.length; i++) {
            faint[i] = (float) (1e-4 * Math.sin(2 * Math.PI * 440 * i / RATE));
        }
        assertThat(new PitchTrack(RATE).analyze(faint).pitchedFrames()).isZero();
    }

    @Test
    void aHigherGateLeavesAFaintToneUnpitched() {
        // A steady 523 Hz tone at -54 dBFS RMS: over the default -60 dBFS gate, under a -50 one.
        float[] faint = new float[2 * RATE];
        double amplitude = Math.sqrt(2) * Math.pow(10, -54 / 20.0);
        for (int i = 0; i < faint.length; i++) {
            faint[i] = (float) (amplitude * Math.sin(2 * Math.PI * 523.25 * i / RATE));
        }
        assertThat(new PitchTrack(RATE).analyze(faint).stableFraction()).isGreaterThan(0.95);
        PitchTrack gated = new PitchTrack(RATE, Math.pow(10, -50 / 20.0));
        assertThat(gated.analyze(faint).pitchedFrames()).isZero();
        // ...while a louder tone passes it unchanged.
        for (int i = 0; i < faint.length; i++) {
            faint[i] *= 10;
        }
        assertThat(gated.analyze(faint).stableFraction()).isGreaterThan(0.95);
        assertThatThrownBy(() -> new PitchTrack(RATE, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aConstantOffsetIsSilenceButATuneOnAnOffsetIsNot() {
        // What a 16 kHz generator stuck on one 8-bit mu-law code gives at 44.1 kHz: -113/32768,
        // -49 dBFS of DC, plus the resampler's polyphase ripple (float rounding, -140 dB, a pattern
        // that repeats every 11 samples, 441/160 being close to 11/4). YIN, blind to the offset,
        // finds the ripple's period (4009 Hz); the gate on the RMS about the frame's mean must not
        // let such frames through.
        float[] held = new float[2 * RATE];
        Arrays.fill(held, -113f / 32768f);
        for (int i = 0; i < held.length; i++) {
            held[i] += (float) (1e-7 * Math.sin(2 * Math.PI * i / 11));
        }
        PitchReport r = new PitchTrack(RATE).analyze(held);
        assertThat(r.pitchedFrames()).isZero();
        assertThat(r.stableFrames()).isZero();

        // The same offset under a note changes nothing about the note.
        float[] offsetNote = note(RATE, 2, 330);
        for (int i = 0; i < offsetNote.length; i++) {
            offsetNote[i] += 0.2f;
        }
        PitchReport n = new PitchTrack(RATE).analyze(offsetNote);
        assertThat(n.stableFraction()).isGreaterThanOrEqualTo(0.9);
        assertThat(Notes.cents(330, n.medianHz())).isCloseTo(0, within(20.0));
    }

    @Test
    void aMelodyIsStableWithinNotesAndEveryNoteChangeIsSeen() {
        double[] melody = {261.63, 329.63, 392.00, 523.25, 440.00, 293.66, 196.00};
        int noteLength = (int) Math.round(0.3 * RATE);
        float[] x = new float[melody.length * noteLength];
        for (int n = 0; n < melody.length; n++) {
            addNote(x, n * noteLength, noteLength, RATE, melody[n], 0.3);
        }
        PitchTrack track = new PitchTrack(RATE);
        List<float[]> frames = new ArrayList<>();
        PitchReport r =
                track.analyze(
                        x,
                        0,
                        x.length,
                        (i, pitched, stable, hz, p) ->
                                frames.add(new float[] {i, stable ? 1 : 0, hz}));

        assertThat(r.stableFraction()).isGreaterThanOrEqualTo(0.75);
        assertThat(r.noteChanges()).isEqualTo(melody.length - 1);
        // The frame in the middle of each note is stable at that note.
        for (int n = 0; n < melody.length; n++) {
            int mid = (n * noteLength + noteLength / 2 - track.frameSize() / 2) / track.hop();
            float[] f = frames.get(mid);
            assertThat(f[1]).as("note %d stable", n).isEqualTo(1f);
            assertThat(Notes.cents(melody[n], f[2])).as("note %d", n).isCloseTo(0, within(20.0));
        }
    }

    @Test
    void anOctaveJumpIsUnstable() {
        int half = RATE;
        float[] x = new float[2 * half];
        for (int i = 0; i < x.length; i++) {
            double f = i < half ? 220 : 440;
            x[i] = (float) (0.3 * Math.sin(2 * Math.PI * f * i / RATE));
        }
        List<Boolean> stable = new ArrayList<>();
        PitchTrack track = new PitchTrack(RATE);
        PitchReport r = track.analyze(x, 0, x.length, (i, p, s, hz, prob) -> stable.add(s));
        assertThat(r.noteChanges()).isEqualTo(1);
        assertThat(r.stableFrames()).isLessThan(r.frames() - 1);
        assertThat(stable.get(0)).isFalse();
    }

    @Test
    void analysesARangeWithoutCopyingIt() {
        float[] x = new float[3 * RATE];
        addNote(x, RATE, 2 * RATE, RATE, 440, 0.3);
        PitchTrack track = new PitchTrack(RATE);
        PitchReport tail = track.analyze(x, RATE, 2 * RATE, null);
        assertThat(tail.stableFraction()).isGreaterThanOrEqualTo(0.9);
        assertThat(track.analyze(x, 0, RATE, null).pitchedFrames()).isZero();
        assertThatThrownBy(() -> track.analyze(x, RATE, 3 * RATE, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside the 132300 samples");
    }

    @Test
    void noteNames() {
        assertThat(Notes.name(60)).isEqualTo("C4");
        assertThat(Notes.name(69)).isEqualTo("A4");
        assertThat(Notes.name(21)).isEqualTo("A0");
        assertThat(Notes.name(61)).isEqualTo("C#4");
        assertThat(Notes.nearestName(262)).isEqualTo("C4");
        assertThat(Notes.cents(440, 880)).isCloseTo(1200, within(1e-9));
    }

    @Test
    void rejectsBadSettings() {
        assertThatThrownBy(() -> new PitchTrack(0)).hasMessageContaining("sampleRate");
        assertThatThrownBy(() -> new PitchTrack(RATE, 1001, 0.8))
                .hasMessageContaining("frameSize must be even");
        assertThatThrownBy(() -> new PitchTrack(RATE, 2048, 1.5))
                .hasMessageContaining("minProbability");
    }
}
