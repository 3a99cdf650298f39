package io.s4stream.audio.kafka;

/** Publishing failed: the producer reported an error, or the source held unusable samples. */
public final class PublishException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }

    public PublishException(String message) {
        super(message);
    }
}
