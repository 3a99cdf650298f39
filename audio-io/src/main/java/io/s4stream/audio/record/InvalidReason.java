package io.s4stream.audio.record;

/** Why a record was rejected; the name is the dead-letter {@code s4.error} code. */
public enum InvalidReason {
    /** The key (stream id) is null or empty. */
    MISSING_KEY,
    /** The key is longer than 256 bytes or not valid UTF-8. */
    BAD_KEY,
    /** A required header is absent. */
    MISSING_HEADER,
    /** A header value cannot be parsed or is out of range. */
    BAD_HEADER,
    /** {@code s4.encoding} names no known encoding. */
    UNKNOWN_ENCODING,
    /** {@code s4.kind} names no known kind. */
    UNKNOWN_KIND,
    /** The record is an event, not audio. */
    NOT_AUDIO,
    /** The value is not a whole number of frames. */
    ODD_BYTE_COUNT,
    /** A float sample is NaN or infinite. */
    NON_FINITE_SAMPLE,
    /** A float sample lies outside [-1, 1]. */
    SAMPLE_OUT_OF_RANGE,
    /** The value is larger than the configured limit. */
    OVERSIZED,
    /** The value is empty on a record that is not end-of-stream. */
    EMPTY_VALUE
}
