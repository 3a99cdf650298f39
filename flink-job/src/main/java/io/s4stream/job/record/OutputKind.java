package io.s4stream.job.record;

/** What an output-topic record holds; written as header {@code s4.kind}. */
public enum OutputKind {
    /** A JSON classification event. */
    EVENT("event"),
    /** A record of generated audio, in the input's record format. */
    CONTINUATION("continuation");

    private final String headerValue;

    OutputKind(String headerValue) {
        this.headerValue = headerValue;
    }

    /** The value of header {@code s4.kind}. */
    public String headerValue() {
        return headerValue;
    }
}
