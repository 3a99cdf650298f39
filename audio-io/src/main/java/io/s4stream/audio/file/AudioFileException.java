package io.s4stream.audio.file;

/** An audio file or raw stream that cannot be read; the message names the file and the format. */
public final class AudioFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AudioFileException(String message) {
        super(message);
    }

    public AudioFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
