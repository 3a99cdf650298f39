package io.s4stream.audio.kafka;

/** Told after each record is handed to the producer, on the publishing thread. */
@FunctionalInterface
public interface PublishListener {
    /** A listener that ignores progress. */
    PublishListener NONE = p -> {};

    void onProgress(PublishProgress progress);
}
