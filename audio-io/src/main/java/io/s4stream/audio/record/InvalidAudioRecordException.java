package io.s4stream.audio.record;

import java.util.Objects;

/** A record that does not follow the format; {@link #reason()} is the dead-letter code. */
public final class InvalidAudioRecordException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final InvalidReason reason;
    private final String detail;

    public InvalidAudioRecordException(InvalidReason reason, String detail) {
        super(reason + ": " + detail);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.detail = Objects.requireNonNull(detail, "detail");
    }

    /** The reason code. */
    public InvalidReason reason() {
        return reason;
    }

    /** Human-readable detail naming the offending header or value. */
    public String detail() {
        return detail;
    }
}
