package io.s4stream.job;

/** A job or command setting has a value that cannot work; the message names it. */
public final class InvalidSettingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidSettingException(String message) {
        super(message);
    }
}
