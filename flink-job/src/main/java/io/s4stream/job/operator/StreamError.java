package io.s4stream.job.operator;

/**
 * Why the S4 operator rejected a well-formed record, or could not serve its continuation request;
 * the name is the dead-letter code.
 */
public enum StreamError {
    /** The record's seq is beyond the next expected one (or a new stream does not start at 0). */
    SEQ_GAP,
    /** The record's seq was already accepted. */
    SEQ_DUPLICATE,
    /** The record's sample rate or channel count differs from the stream's first record. */
    FORMAT_CHANGED,
    /**
     * The end-of-stream record asks for a continuation but no continuation model is configured; the
     * stream itself was classified and ended as usual.
     */
    CONTINUATION_UNAVAILABLE,
    /**
     * The end-of-stream record asks for a longer continuation than {@code
     * s4.continuation.max-seconds}; the stream itself was classified and ended as usual.
     */
    CONTINUATION_TOO_LONG
}
