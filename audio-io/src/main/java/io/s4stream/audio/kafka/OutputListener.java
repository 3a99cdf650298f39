package io.s4stream.audio.kafka;

import io.s4stream.audio.event.ClassificationEvent;

import java.nio.file.Path;

/** Told about output records as {@link OutputSubscriber} reads them, on its thread. */
public interface OutputListener {
    /** A listener that ignores everything. */
    OutputListener NONE = new OutputListener() {};

    /** A classification event arrived; {@code json} is the record value as sent. */
    default void onEvent(ClassificationEvent event, String json) {}

    /** A stream's audio ended and was written to {@code file}. */
    default void onAudioFile(String streamId, Path file, long frames, int sampleRate) {}

    /** A record could not be decoded and was skipped. */
    default void onInvalidRecord(String streamId, String reason) {}
}
