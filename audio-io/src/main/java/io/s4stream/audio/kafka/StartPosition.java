package io.s4stream.audio.kafka;

/** Where a subscriber starts reading each partition. */
public enum StartPosition {
    /** Only records written after the subscriber started. */
    LATEST,
    /** Everything the topic still holds. */
    EARLIEST
}
