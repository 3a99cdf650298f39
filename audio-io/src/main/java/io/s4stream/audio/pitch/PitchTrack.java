package io.s4stream.audio.pitch;

import be.tarsos.dsp.pitch.PitchDetectionResult;
import be.tarsos.dsp.pitch.Yin;

import java.util.Arrays;

/**
 * A frame-wise pitch track of mono audio with TarsosDSP's {@link Yin}, summarised as how much of it
 * is pitched and how much is <em>stable</em>: a tone held or decaying (a piano note) is stable on
 * most frames, noise on almost none.
 *
 * <p><b>Frames.</b> {@link #FRAME_SECONDS} long (2048 samples at 44.1 kHz, 744 at 16 kHz, always
 * even), hop half a frame. YIN compares the first half of a frame with its shifted copies, so the
 * longest period it finds is half a frame: the lowest pitch tracked is {@link #lowestHz()} ≈ {@code
 * 2 × rate / frameSize}, 43 Hz (F1; the piano's lowest eight keys, A0 to E1, are not tracked: they
 * come out as an overtone or unpitched). A trailing part shorter than a frame is not analysed.
 *
 * <p><b>Pitched.</b> A frame is pitched when its RMS about its own mean is at least the track's
 * gate ({@link #SILENCE_RMS}, −60 dBFS, unless set), so a constant offset is silence however
 * large, YIN finds a period under its threshold (TarsosDSP's default 0.20) and the probability
 * it reports, {@code 1 − d'(τ)}, is at least the track's minimum ({@link
 * #DEFAULT_MIN_PROBABILITY} unless set).
 *
 * <p><b>Stable.</b> A frame is stable when it and the previous frame are both pitched and their
 * pitches differ by at most {@link #STABLE_CENTS} cents; an octave jump (1200 cents) is unstable.
 * The first frame is never stable.
 *
 * <p>Buffers are allocated once and reused; a frame costs no allocation. Not thread-safe: one
 * instance per thread.
 */
public final class PitchTrack {
    /** Frame length: 2048 samples at 44.1 kHz, about 46 ms. */
    public static final double FRAME_SECONDS = 2048 / 44_100.0;

    /** Largest pitch difference, in cents, between two consecutive frames that are stable. */
    public static final double STABLE_CENTS = 50;

    /** Default minimum YIN probability for a pitched frame. */
    public static final double DEFAULT_MIN_PROBABILITY = 0.85;

    /**
     * Frames whose RMS about their mean is below this (−60 dBFS) are unpitched, whatever YIN says.
     * YIN's difference function cannot see a constant offset, so on an offset that carries only a
     * faint periodic ripple (a resampler's rounding, 140 dB down) it reports the ripple's period:
     * without the mean taken out, an offset louder than the gate would be a stable "tone".
     */
    public static final double SILENCE_RMS = 1e-3;

    /** What the track runs, for reports. */
    public static final String ALGORITHM = "TarsosDSP YIN";

    private static final double YIN_THRESHOLD = 0.20;

    private final int sampleRate;
    private final int frameSize;
    private final int hop;
    private final double minProbability;
    private final double gateRms;
    private final Yin yin;
    private final float[] frame;
    private float[] pitches = new float[0];

    /** A track at {@code sampleRate} with {@link #FRAME_SECONDS} frames. */
    public PitchTrack(int sampleRate) {
        this(sampleRate, defaultFrameSize(sampleRate), DEFAULT_MIN_PROBABILITY);
    }

    /**
     * A track with an explicit even {@code frameSize} (at least 64) and {@code minProbability} in
     * [0, 1].
     */
    public PitchTrack(int sampleRate, int frameSize, double minProbability) {
        this(sampleRate, frameSize, minProbability, SILENCE_RMS);
    }

    /**
     * A track with {@link #FRAME_SECONDS} frames whose frames are unpitched below {@code gateRms}
     * (RMS about the frame's mean, full scale 1; {@link #SILENCE_RMS} by default): a higher gate
     * asks how much of the audio is a stable tone at a level a listener hears easily.
     */
    public PitchTrack(int sampleRate, double gateRms) {
        this(sampleRate, defaultFrameSize(sampleRate), DEFAULT_MIN_PROBABILITY, gateRms);
    }

    /** A track with every setting explicit; {@code gateRms} in (0, 1]. */
    public PitchTrack(int sampleRate, int frameSize, double minProbability, double gateRms) {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sampleRate must be > 0, got " + sampleRate);
        }
        if (frameSize < 64 || frameSize % 2 != 0) {
            throw new IllegalArgumentException(
                    "frameSize must be even and >= 64, got " + frameSize);
        }
        if (!(minProbability >= 0 && minProbability <= 1)) {
            throw new IllegalArgumentException(
                    "minProbability must be in [0, 1], got " + minProbability);
        }
        if (!(gateRms > 0 && gateRms <= 1)) {
            throw new IllegalArgumentException("gateRms must be in (0, 1], got " + gateRms);
        }
        this.sampleRate = sampleRate;
        this.gateRms = gateRms;
        this.frameSize = frameSize;
        this.hop = frameSize / 2;
        this.minProbability = minProbability;
        this.yin = new Yin(sampleRate, frameSize, YIN_THRESHOLD);
        this.frame = new float[frameSize];
    }

    /** {@link #FRAME_SECONDS} at {@code sampleRate}, rounded to an even number of samples. */
    public static int defaultFrameSize(int sampleRate) {
        return Math.max(64, 2 * (int) Math.round(sampleRate * FRAME_SECONDS / 2));
    }

    public int sampleRate() {
        return sampleRate;
    }

    public int frameSize() {
        return frameSize;
    }

    public int hop() {
        return hop;
    }

    /** The lowest pitch a frame can hold two periods of, in Hz. */
    public double lowestHz() {
        return (double) sampleRate / (hop - 1);
    }

    /** The number of frames {@code samples} samples give. */
    public int framesIn(int samples) {
        return samples < frameSize ? 0 : 1 + (samples - frameSize) / hop;
    }

    /** Analyses all of {@code mono}. */
    public PitchReport analyze(float[] mono) {
        return analyze(mono, 0, mono.length, null);
    }

    /**
     * Analyses {@code mono[offset, offset + length)}, handing each frame to {@code listener} when
     * it is not {@code null}.
     */
    public PitchReport analyze(float[] mono, int offset, int length, PitchFrameListener listener) {
        if (offset < 0 || length < 0 || offset + length > mono.length) {
            throw new IllegalArgumentException(
                    "range ["
                            + offset
                            + ", "
                            + (offset + length)
                            + ") is outside the "
                            + mono.length
                            + " samples");
        }
        int frames = framesIn(length);
        if (pitches.length < frames) {
            pitches = new float[frames];
        }
        int pitched = 0;
        int stable = 0;
        int changes = 0;
        int lastStableNote = Integer.MIN_VALUE;
        float previousHz = Float.NaN;
        for (int i = 0; i < frames; i++) {
            System.arraycopy(mono, offset + i * hop, frame, 0, frameSize);
            float hz = Float.NaN;
            float probability = 0;
            if (rmsAboutMean(frame) >= gateRms) {
                // Yin reuses its result object: read it before the next call.
                PitchDetectionResult r = yin.getPitch(frame);
                probability = r.getProbability();
                if (r.isPitched() && r.getPitch() > 0 && probability >= minProbability) {
                    hz = r.getPitch();
                }
            }
            boolean isPitched = !Float.isNaN(hz);
            boolean isStable =
                    isPitched
                            && !Float.isNaN(previousHz)
                            && Math.abs(Notes.cents(previousHz, hz)) <= STABLE_CENTS;
            if (isPitched) {
                pitches[pitched++] = hz;
            }
            if (isStable) {
                stable++;
                int note = (int) Math.round(Notes.midi(hz));
                if (lastStableNote != Integer.MIN_VALUE && note != lastStableNote) {
                    changes++;
                }
                lastStableNote = note;
            }
            if (listener != null) {
                listener.frame(i, isPitched, isStable, hz, probability);
            }
            previousHz = hz;
        }
        return new PitchReport(
                frames, pitched, stable, changes, median(pitches, pitched), frameSize, sampleRate);
    }

    private static double rmsAboutMean(float[] x) {
        double mean = 0;
        for (float v : x) {
            mean += v;
        }
        mean /= x.length;
        double sum = 0;
        for (float v : x) {
            double d = v - mean;
            sum += d * d;
        }
        return Math.sqrt(sum / x.length);
    }

    /** The median of {@code a[0, n)} (geometric mean of the middle two when n is even). */
    private static double median(float[] a, int n) {
        if (n == 0) {
            return Double.NaN;
        }
        Arrays.sort(a, 0, n);
        return n % 2 == 1 ? a[n / 2] : Math.sqrt((double) a[n / 2 - 1] * a[n / 2]);
    }
}
