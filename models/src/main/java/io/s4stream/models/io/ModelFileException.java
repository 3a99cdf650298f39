package io.s4stream.models.io;

/** A model file (weights, settings, manifest) is missing, malformed or inconsistent. */
public class ModelFileException extends RuntimeException {
    public ModelFileException(String message) {
        super(message);
    }

    public ModelFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
