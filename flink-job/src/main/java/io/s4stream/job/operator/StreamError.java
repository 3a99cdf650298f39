package io.s4stream.job.operator;

/** Why the S4 operator rejected a well-formed record; the name is the dead-letter code. */
public enum StreamError {
    /** The record's seq is beyond the next expected one (or a new stream does not start at 0). */
    SEQ_GAP,
    /** The record's seq was already accepted. */
    SEQ_DUPLICATE,
    /** The record's sample rate or channel count differs from the stream's first record. */
    FORMAT_CHANGED
}
