package io.s4stream.audio.record;

/** Header names and limits of the record format (see the contract in the README). */
public final class AudioHeaders {
    /** Sample rate in Hz, integer {@value #MIN_SAMPLE_RATE}..{@value #MAX_SAMPLE_RATE}. */
    public static final String SAMPLE_RATE = "s4.sample-rate";

    /** {@code s16le} or {@code f32le}. */
    public static final String ENCODING = "s4.encoding";

    /** Interleaved channel count, {@value #MIN_CHANNELS}..{@value #MAX_CHANNELS}. */
    public static final String CHANNELS = "s4.channels";

    /** Per-stream sequence number 0, 1, 2, ... */
    public static final String SEQ = "s4.seq";

    /** {@code true} on the last record of a stream. */
    public static final String EOS = "s4.eos";

    /** On an end-of-stream record: seconds of generated continuation requested. */
    public static final String CONTINUE_SECONDS = "s4.continue-seconds";

    /** {@code audio} (default), {@code continuation} or {@code event}. */
    public static final String KIND = "s4.kind";

    /** On a dead-letter record: the reason code. */
    public static final String ERROR = "s4.error";

    /** On a dead-letter record: human-readable detail. */
    public static final String ERROR_DETAIL = "s4.error-detail";

    /** Lowest accepted sample rate in Hz. */
    public static final int MIN_SAMPLE_RATE = 1000;

    /** Highest accepted sample rate in Hz. */
    public static final int MAX_SAMPLE_RATE = 384_000;

    /** Lowest accepted channel count. */
    public static final int MIN_CHANNELS = 1;

    /** Highest accepted channel count. */
    public static final int MAX_CHANNELS = 16;

    /** Longest stream id, in UTF-8 bytes. */
    public static final int MAX_KEY_BYTES = 256;

    /** Longest continuation that can be requested, in seconds. */
    public static final double MAX_CONTINUE_SECONDS = 60.0;

    /** Default largest record value, in bytes (1 MiB). */
    public static final int DEFAULT_MAX_VALUE_BYTES = 1 << 20;

    private AudioHeaders() {}
}
