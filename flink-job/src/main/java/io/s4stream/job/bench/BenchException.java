package io.s4stream.job.bench;

/** A benchmark could not run to its end (the job stopped, a send failed, no events came). */
public final class BenchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BenchException(String message) {
        super(message);
    }

    public BenchException(String message, Throwable cause) {
        super(message, cause);
    }
}
