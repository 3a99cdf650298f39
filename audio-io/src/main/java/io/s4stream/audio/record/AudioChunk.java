package io.s4stream.audio.record;

import java.io.Serializable;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One record's worth of audio of one stream: interleaved float samples in [-1, 1] plus the header
 * fields. Immutable.
 *
 * <p>Ownership: the chunk owns a private array. {@link Builder#samples(float[])} copies what it is
 * given, and {@link #samples()} returns a fresh copy; use {@link #sample(int)}, {@link
 * #copySamples(float[], int)} or {@link #samplesView()} to read without allocating a full copy.
 */
public final class AudioChunk implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String streamId;
    private final long seq;
    private final int sampleRate;
    private final int channels;
    private final AudioEncoding encoding;
    private final float[] samples;
    private final boolean endOfStream;
    private final double continueSeconds;
    private final RecordKind kind;

    private AudioChunk(Builder b, float[] owned) {
        this.streamId = b.streamId;
        this.seq = b.seq;
        this.sampleRate = b.sampleRate;
        this.channels = b.channels;
        this.encoding = b.encoding;
        this.samples = owned;
        this.endOfStream = b.endOfStream;
        this.continueSeconds = b.continueSeconds;
        this.kind = b.kind;
    }

    /** A builder with defaults: seq 0, mono, 44100 Hz, s16le, kind audio, no samples. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this chunk's fields, to derive a modified copy. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.streamId = streamId;
        b.seq = seq;
        b.sampleRate = sampleRate;
        b.channels = channels;
        b.encoding = encoding;
        b.samples = samples;
        b.endOfStream = endOfStream;
        b.continueSeconds = continueSeconds;
        b.kind = kind;
        return b;
    }

    public String streamId() {
        return streamId;
    }

    public long seq() {
        return seq;
    }

    public int sampleRate() {
        return sampleRate;
    }

    public int channels() {
        return channels;
    }

    /** The encoding on the wire (decoded samples are floats either way). */
    public AudioEncoding encoding() {
        return encoding;
    }

    /** A fresh copy of the interleaved samples. */
    public float[] samples() {
        return samples.clone();
    }

    /** Interleaved sample {@code index}. */
    public float sample(int index) {
        return samples[index];
    }

    /** A read-only view of the samples (no copy). */
    public FloatBuffer samplesView() {
        return FloatBuffer.wrap(samples).asReadOnlyBuffer();
    }

    /** Copies all samples into {@code dst} at {@code offset}. */
    public void copySamples(float[] dst, int offset) {
        System.arraycopy(samples, 0, dst, offset, samples.length);
    }

    /** Number of interleaved samples (frames × channels). */
    public int sampleCount() {
        return samples.length;
    }

    /** Number of frames. */
    public int frameCount() {
        return samples.length / channels;
    }

    public boolean endOfStream() {
        return endOfStream;
    }

    /** Seconds of continuation requested on an end-of-stream record; 0 = none. */
    public double continueSeconds() {
        return continueSeconds;
    }

    public RecordKind kind() {
        return kind;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof AudioChunk)) {
            return false;
        }
        AudioChunk c = (AudioChunk) o;
        return seq == c.seq
                && sampleRate == c.sampleRate
                && channels == c.channels
                && endOfStream == c.endOfStream
                && Double.compare(continueSeconds, c.continueSeconds) == 0
                && streamId.equals(c.streamId)
                && encoding == c.encoding
                && kind == c.kind
                && Arrays.equals(samples, c.samples);
    }

    @Override
    public int hashCode() {
        return Objects.hash(streamId, seq, sampleRate, channels, encoding, kind, endOfStream) * 31
                + Arrays.hashCode(samples);
    }

    @Override
    public String toString() {
        return "AudioChunk[streamId="
                + streamId
                + ", seq="
                + seq
                + ", "
                + sampleRate
                + " Hz, "
                + channels
                + " ch, "
                + encoding
                + ", frames="
                + frameCount()
                + ", eos="
                + endOfStream
                + (continueSeconds > 0 ? ", continueSeconds=" + continueSeconds : "")
                + ", kind="
                + kind
                + "]";
    }

    /** Builds an {@link AudioChunk}; {@link #build()} checks every field. */
    public static final class Builder {
        private String streamId;
        private long seq;
        private int sampleRate = 44_100;
        private int channels = 1;
        private AudioEncoding encoding = AudioEncoding.S16LE;
        private float[] samples = new float[0];
        private boolean owned;
        private boolean endOfStream;
        private double continueSeconds;
        private RecordKind kind = RecordKind.AUDIO;

        private Builder() {}

        public Builder streamId(String streamId) {
            this.streamId = streamId;
            return this;
        }

        public Builder seq(long seq) {
            this.seq = seq;
            return this;
        }

        public Builder sampleRate(int sampleRate) {
            this.sampleRate = sampleRate;
            return this;
        }

        public Builder channels(int channels) {
            this.channels = channels;
            return this;
        }

        public Builder encoding(AudioEncoding encoding) {
            this.encoding = encoding;
            return this;
        }

        /** Interleaved samples; the array is copied. */
        public Builder samples(float[] samples) {
            Objects.requireNonNull(samples, "samples");
            return samples(samples, 0, samples.length);
        }

        /** {@code length} interleaved samples from {@code offset}; copied. */
        public Builder samples(float[] samples, int offset, int length) {
            this.samples = Arrays.copyOfRange(samples, offset, offset + length);
            this.owned = true;
            return this;
        }

        /** Takes the array without copying; only the codec may hand over arrays it owns. */
        Builder adoptSamples(float[] samples) {
            this.samples = samples;
            this.owned = true;
            return this;
        }

        public Builder endOfStream(boolean endOfStream) {
            this.endOfStream = endOfStream;
            return this;
        }

        /** Seconds of continuation to request (0 = none); only on end-of-stream chunks. */
        public Builder continueSeconds(double continueSeconds) {
            this.continueSeconds = continueSeconds;
            return this;
        }

        public Builder kind(RecordKind kind) {
            this.kind = kind;
            return this;
        }

        /**
         * Checks every field and builds the chunk.
         *
         * @throws IllegalArgumentException naming the offending field and value
         */
        public AudioChunk build() {
            if (streamId == null || streamId.isEmpty()) {
                throw new IllegalArgumentException("streamId is required and must not be empty");
            }
            int keyBytes = streamId.getBytes(StandardCharsets.UTF_8).length;
            if (keyBytes > AudioHeaders.MAX_KEY_BYTES) {
                throw new IllegalArgumentException(
                        "streamId is " + keyBytes + " UTF-8 bytes, at most 256 allowed");
            }
            if (seq < 0) {
                throw new IllegalArgumentException("seq must be >= 0, got " + seq);
            }
            if (sampleRate < AudioHeaders.MIN_SAMPLE_RATE
                    || sampleRate > AudioHeaders.MAX_SAMPLE_RATE) {
                throw new IllegalArgumentException(
                        "sampleRate must be in 1000..384000 Hz, got " + sampleRate);
            }
            if (channels < AudioHeaders.MIN_CHANNELS || channels > AudioHeaders.MAX_CHANNELS) {
                throw new IllegalArgumentException("channels must be in 1..16, got " + channels);
            }
            Objects.requireNonNull(encoding, "encoding");
            Objects.requireNonNull(kind, "kind");
            if (!kind.isAudio()) {
                throw new IllegalArgumentException("an AudioChunk cannot have kind " + kind);
            }
            if (samples.length % channels != 0) {
                throw new IllegalArgumentException(
                        samples.length
                                + " samples is not a whole number of "
                                + channels
                                + "-channel frames");
            }
            if (samples.length == 0 && !endOfStream) {
                throw new IllegalArgumentException(
                        "samples may be empty only on an end-of-stream chunk (seq " + seq + ")");
            }
            checkContinueSeconds();
            for (int i = 0; i < samples.length; i++) {
                float s = samples[i];
                if (!(s >= -1f && s <= 1f)) {
                    throw new IllegalArgumentException(
                            "sample " + i + " is " + s + ", expected a finite value in [-1, 1]");
                }
            }
            float[] own = owned ? samples : samples.clone();
            AudioChunk chunk = new AudioChunk(this, own);
            // the built chunk owns the array now; further builder use must not share it
            samples = own;
            owned = false;
            return chunk;
        }

        private void checkContinueSeconds() {
            if (continueSeconds == 0) {
                return;
            }
            if (!(continueSeconds > 0 && continueSeconds <= AudioHeaders.MAX_CONTINUE_SECONDS)) {
                throw new IllegalArgumentException(
                        "continueSeconds must be 0 or in (0, 60], got " + continueSeconds);
            }
            if (!endOfStream) {
                throw new IllegalArgumentException(
                        "continueSeconds is allowed only on an end-of-stream chunk");
            }
        }
    }
}
