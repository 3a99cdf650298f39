package io.s4stream.job.inference;

import io.s4stream.audio.event.ClassificationEvent;

/** Receives the classification events of a stream, in time order. */
@FunctionalInterface
public interface EventSink {
    void accept(ClassificationEvent event);
}
