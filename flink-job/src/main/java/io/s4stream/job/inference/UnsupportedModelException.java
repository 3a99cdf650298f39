package io.s4stream.job.inference;

/** The model cannot serve this purpose (wrong task, channels or frame); the message says why. */
public final class UnsupportedModelException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public UnsupportedModelException(String message) {
        super(message);
    }
}
