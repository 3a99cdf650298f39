package io.s4stream.audio.kafka;

/** How fast the publisher sends. */
public enum Pace {
    /**
     * Each chunk leaves when the wall clock reaches the end of its audio, as a live source would.
     */
    REAL_TIME,
    /** As fast as the producer accepts records. */
    FAST
}
