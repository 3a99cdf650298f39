package io.s4stream.audio.source;

/** A source of audio that failed: device unavailable, broken stream, truncated frame. */
public final class AudioSourceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AudioSourceException(String message) {
        super(message);
    }

    public AudioSourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
