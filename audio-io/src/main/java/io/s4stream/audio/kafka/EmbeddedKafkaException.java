package io.s4stream.audio.kafka;

/** The embedded broker failed to start, stop, or create topics. */
public final class EmbeddedKafkaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EmbeddedKafkaException(String message, Throwable cause) {
        super(message, cause);
    }

    public EmbeddedKafkaException(String message) {
        super(message);
    }
}
