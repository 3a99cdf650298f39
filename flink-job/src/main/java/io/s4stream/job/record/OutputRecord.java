package io.s4stream.job.record;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One record for the output topic, as the S4 operator emits it.
 *
 * @param streamId the stream the record belongs to (the Kafka key)
 * @param kind what the value holds
 * @param value the serialized payload (JSON event or audio bytes); treat as read-only
 */
public record OutputRecord(String streamId, OutputKind kind, byte[] value) {

    public OutputRecord {
        if (streamId == null || kind == null || value == null) {
            throw new IllegalArgumentException(
                    "stream id, kind and value are required, got "
                            + streamId
                            + ", "
                            + kind
                            + ", "
                            + (value == null ? "null" : value.length + " bytes"));
        }
    }

    /** The value as UTF-8 text (for JSON events). */
    public String valueText() {
        return new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutputRecord r
                && streamId.equals(r.streamId)
                && kind == r.kind
                && Arrays.equals(value, r.value);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * streamId.hashCode() + kind.hashCode()) + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "OutputRecord{" + streamId + ", " + kind + ", " + value.length + " bytes}";
    }
}
