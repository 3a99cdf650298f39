package io.s4stream.audio.record;

import static io.s4stream.audio.record.InvalidReason.BAD_HEADER;
import static io.s4stream.audio.record.InvalidReason.MISSING_HEADER;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Converts between Kafka records and {@link AudioChunk}s. Stateless and thread-safe.
 *
 * <p>Decoding allocates the stream-id string and one float array per record; header values are
 * parsed from their bytes without intermediate strings. Every rule of the format is checked and a
 * violation throws {@link InvalidAudioRecordException} with its {@link InvalidReason}.
 * Serializable, so a Flink (de)serialization schema can hold one.
 */
public final class AudioRecordCodec implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");

    private final int maxValueBytes;

    /** A codec accepting values up to {@link AudioHeaders#DEFAULT_MAX_VALUE_BYTES}. */
    public AudioRecordCodec() {
        this(AudioHeaders.DEFAULT_MAX_VALUE_BYTES);
    }

    /** A codec accepting values up to {@code maxValueBytes}. */
    public AudioRecordCodec(int maxValueBytes) {
        if (maxValueBytes <= 0) {
            throw new IllegalArgumentException("maxValueBytes must be > 0, got " + maxValueBytes);
        }
        this.maxValueBytes = maxValueBytes;
    }

    public int maxValueBytes() {
        return maxValueBytes;
    }

    /** Decodes a record whose headers are Kafka {@link Headers} (the last value of a name wins). */
    public AudioChunk decode(byte[] key, byte[] value, Headers headers) {
        Objects.requireNonNull(headers, "headers");
        return decode(key, value, (HeaderLookup) name -> lastValue(headers, name));
    }

    /** Decodes a record whose headers are given as a map of UTF-8 string values. */
    public AudioChunk decode(byte[] key, byte[] value, Map<String, String> headers) {
        Objects.requireNonNull(headers, "headers");
        return decode(
                key,
                value,
                (HeaderLookup)
                        name -> {
                            String v = headers.get(name);
                            return v == null ? null : v.getBytes(StandardCharsets.UTF_8);
                        });
    }

    /**
     * The kind named by {@code s4.kind} (absent = {@link RecordKind#AUDIO}).
     *
     * @throws InvalidAudioRecordException with {@link InvalidReason#UNKNOWN_KIND}
     */
    public static RecordKind kindOf(Headers headers) {
        return kindOf(headers == null ? null : lastValue(headers, AudioHeaders.KIND));
    }

    /**
     * The stream id held by a key.
     *
     * @throws InvalidAudioRecordException with {@link InvalidReason#MISSING_KEY} or {@link
     *     InvalidReason#BAD_KEY}
     */
    public static String streamIdOf(byte[] key) {
        if (key == null || key.length == 0) {
            throw new InvalidAudioRecordException(
                    InvalidReason.MISSING_KEY, "the record key (stream id) is null or empty");
        }
        if (key.length > AudioHeaders.MAX_KEY_BYTES) {
            throw new InvalidAudioRecordException(
                    InvalidReason.BAD_KEY,
                    "the key is " + key.length + " bytes, at most 256 are allowed");
        }
        int bad = Utf8.firstInvalidByte(key);
        if (bad >= 0) {
            throw new InvalidAudioRecordException(
                    InvalidReason.BAD_KEY, "the key is not valid UTF-8 (at byte " + bad + ")");
        }
        return new String(key, StandardCharsets.UTF_8);
    }

    /** Encodes a chunk; the headers carry every field, {@code s4.kind} included. */
    public EncodedRecord encode(AudioChunk chunk) {
        Objects.requireNonNull(chunk, "chunk");
        byte[] key = chunk.streamId().getBytes(StandardCharsets.UTF_8);
        byte[] value = PcmCodec.encode(chunk.samplesView(), chunk.encoding());
        if (value.length > maxValueBytes) {
            throw new IllegalArgumentException(
                    "chunk seq "
                            + chunk.seq()
                            + " of stream "
                            + chunk.streamId()
                            + " encodes to "
                            + value.length
                            + " bytes, above the limit of "
                            + maxValueBytes);
        }
        List<Header> headers = new ArrayList<>(7);
        headers.add(header(AudioHeaders.SAMPLE_RATE, ascii(Integer.toString(chunk.sampleRate()))));
        headers.add(header(AudioHeaders.ENCODING, ascii(chunk.encoding().wireName())));
        headers.add(header(AudioHeaders.CHANNELS, ascii(Integer.toString(chunk.channels()))));
        headers.add(header(AudioHeaders.SEQ, ascii(Long.toString(chunk.seq()))));
        headers.add(header(AudioHeaders.EOS, (chunk.endOfStream() ? TRUE : FALSE).clone()));
        if (chunk.continueSeconds() > 0) {
            headers.add(
                    header(
                            AudioHeaders.CONTINUE_SECONDS,
                            ascii(formatSeconds(chunk.continueSeconds()))));
        }
        headers.add(header(AudioHeaders.KIND, ascii(chunk.kind().wireName())));
        return new EncodedRecord(key, value, headers);
    }

    private AudioChunk decode(byte[] key, byte[] value, HeaderLookup headers) {
        RecordKind kind = kindOf(headers.get(AudioHeaders.KIND));
        if (!kind.isAudio()) {
            throw new InvalidAudioRecordException(
                    InvalidReason.NOT_AUDIO, "s4.kind=" + kind.wireName() + " carries no audio");
        }
        String streamId = streamIdOf(key);
        int sampleRate =
                (int)
                        requiredNumber(
                                headers,
                                AudioHeaders.SAMPLE_RATE,
                                AudioHeaders.MIN_SAMPLE_RATE,
                                AudioHeaders.MAX_SAMPLE_RATE);
        AudioEncoding encoding = encodingOf(headers.get(AudioHeaders.ENCODING));
        int channels =
                (int)
                        requiredNumber(
                                headers,
                                AudioHeaders.CHANNELS,
                                AudioHeaders.MIN_CHANNELS,
                                AudioHeaders.MAX_CHANNELS);
        long seq = requiredNumber(headers, AudioHeaders.SEQ, 0, Long.MAX_VALUE);
        boolean eos = booleanOf(headers.get(AudioHeaders.EOS));
        double continueSeconds = continueSecondsOf(headers.get(AudioHeaders.CONTINUE_SECONDS), eos);

        byte[] pcm = value == null ? new byte[0] : value;
        if (pcm.length > maxValueBytes) {
            throw new InvalidAudioRecordException(
                    InvalidReason.OVERSIZED,
                    "value is " + pcm.length + " bytes, the limit is " + maxValueBytes);
        }
        int frameBytes = encoding.bytesPerSample() * channels;
        if (pcm.length % frameBytes != 0) {
            throw new InvalidAudioRecordException(
                    InvalidReason.ODD_BYTE_COUNT,
                    "value is "
                            + pcm.length
                            + " bytes, not a whole number of "
                            + frameBytes
                            + "-byte frames ("
                            + encoding.wireName()
                            + ", "
                            + channels
                            + " channels)");
        }
        if (pcm.length == 0 && !eos) {
            throw new InvalidAudioRecordException(
                    InvalidReason.EMPTY_VALUE,
                    "value is empty but s4.eos is not true (seq " + seq + ")");
        }
        float[] samples = PcmCodec.decode(pcm, encoding);
        return AudioChunk.builder()
                .streamId(streamId)
                .seq(seq)
                .sampleRate(sampleRate)
                .channels(channels)
                .encoding(encoding)
                .adoptSamples(samples)
                .endOfStream(eos)
                .continueSeconds(continueSeconds)
                .kind(kind)
                .build();
    }

    private static RecordKind kindOf(byte[] raw) {
        if (raw == null) {
            return RecordKind.AUDIO;
        }
        for (RecordKind k : RecordKind.values()) {
            if (HeaderValues.equalsAscii(raw, k.wireName())) {
                return k;
            }
        }
        throw new InvalidAudioRecordException(
                InvalidReason.UNKNOWN_KIND,
                "s4.kind='"
                        + HeaderValues.text(raw)
                        + "', expected one of "
                        + RecordKind.wireNames());
    }

    private static AudioEncoding encodingOf(byte[] raw) {
        if (raw == null) {
            throw missing(AudioHeaders.ENCODING);
        }
        for (AudioEncoding e : AudioEncoding.values()) {
            if (HeaderValues.equalsAscii(raw, e.wireName())) {
                return e;
            }
        }
        throw new InvalidAudioRecordException(
                InvalidReason.UNKNOWN_ENCODING,
                "s4.encoding='" + HeaderValues.text(raw) + "', expected s16le or f32le");
    }

    private static long requiredNumber(HeaderLookup headers, String name, long min, long max) {
        byte[] raw = headers.get(name);
        if (raw == null) {
            throw missing(name);
        }
        long v = HeaderValues.parseNonNegativeLong(raw);
        if (v < 0) {
            throw new InvalidAudioRecordException(
                    BAD_HEADER,
                    name + "='" + HeaderValues.text(raw) + "' is not a non-negative integer");
        }
        if (v < min || v > max) {
            throw new InvalidAudioRecordException(
                    BAD_HEADER, name + "=" + v + " is outside " + min + ".." + max);
        }
        return v;
    }

    private static boolean booleanOf(byte[] raw) {
        if (raw == null || HeaderValues.equalsAsciiIgnoreCase(raw, "false")) {
            return false;
        }
        if (HeaderValues.equalsAsciiIgnoreCase(raw, "true")) {
            return true;
        }
        throw new InvalidAudioRecordException(
                BAD_HEADER, "s4.eos='" + HeaderValues.text(raw) + "', expected true or false");
    }

    private static double continueSecondsOf(byte[] raw, boolean eos) {
        if (raw == null) {
            return 0;
        }
        String text = HeaderValues.text(raw);
        double v;
        try {
            v = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidAudioRecordException(
                    BAD_HEADER, "s4.continue-seconds='" + text + "' is not a number");
        }
        if (!(v > 0 && v <= AudioHeaders.MAX_CONTINUE_SECONDS)) {
            throw new InvalidAudioRecordException(
                    BAD_HEADER, "s4.continue-seconds=" + text + " is outside (0, 60]");
        }
        if (!eos) {
            throw new InvalidAudioRecordException(
                    BAD_HEADER, "s4.continue-seconds is only allowed when s4.eos=true");
        }
        return v;
    }

    private static InvalidAudioRecordException missing(String name) {
        return new InvalidAudioRecordException(MISSING_HEADER, "header " + name + " is required");
    }

    private static byte[] lastValue(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null ? null : h.value();
    }

    static String formatSeconds(double seconds) {
        if (seconds == Math.rint(seconds) && Math.abs(seconds) < 1e9) {
            return Long.toString((long) seconds);
        }
        return Double.toString(seconds);
    }

    private static Header header(String name, byte[] value) {
        return new RecordHeader(name, value);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @FunctionalInterface
    private interface HeaderLookup {
        byte[] get(String name);
    }
}
