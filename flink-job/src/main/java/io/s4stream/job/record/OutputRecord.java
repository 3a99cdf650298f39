package io.s4stream.job.record;

import io.s4stream.audio.record.AudioChunk;
import io.s4stream.audio.record.RecordKind;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One record for the output topic, as the S4 operator emits it: a JSON event, or a chunk of
 * generated audio that the sink encodes in the input's record format.
 *
 * @param streamId the stream the record belongs to (the Kafka key)
 * @param kind what the record holds
 * @param value the JSON bytes of an {@link OutputKind#EVENT}; null for audio; treat as read-only
 * @param audio the generated audio of a {@link OutputKind#CONTINUATION} (kind {@link
 *     RecordKind#CONTINUATION}, same stream id); null for events
 */
public record OutputRecord(String streamId, OutputKind kind, byte[] value, AudioChunk audio) {

    public OutputRecord {
        if (streamId == null || kind == null) {
            throw new IllegalArgumentException(
                    "stream id and kind are required, got " + streamId + ", " + kind);
        }
        boolean ok =
                switch (kind) {
                    case EVENT -> value != null && audio == null;
                    case CONTINUATION ->
                            value == null
                                    && audio != null
                                    && audio.kind() == RecordKind.CONTINUATION
                                    && audio.streamId().equals(streamId);
                };
        if (!ok) {
            throw new IllegalArgumentException(
                    "a "
                            + kind
                            + " record of stream "
                            + streamId
                            + " needs "
                            + (kind == OutputKind.EVENT
                                    ? "a value and no audio"
                                    : "audio of kind continuation of the same stream, no value")
                            + "; got value "
                            + (value == null ? "null" : value.length + " bytes")
                            + ", audio "
                            + audio);
        }
    }

    /** An event record. */
    public OutputRecord(String streamId, OutputKind kind, byte[] value) {
        this(streamId, kind, value, null);
    }

    /** A JSON classification event of {@code streamId}. */
    public static OutputRecord event(String streamId, byte[] json) {
        return new OutputRecord(streamId, OutputKind.EVENT, json, null);
    }

    /** A chunk of generated audio (kind {@link RecordKind#CONTINUATION}). */
    public static OutputRecord continuation(AudioChunk audio) {
        return new OutputRecord(audio.streamId(), OutputKind.CONTINUATION, null, audio);
    }

    /** The value as UTF-8 text (for JSON events). */
    public String valueText() {
        if (value == null) {
            throw new IllegalStateException("a " + kind + " record has no text value");
        }
        return new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutputRecord r
                && streamId.equals(r.streamId)
                && kind == r.kind
                && Arrays.equals(value, r.value)
                && Objects.equals(audio, r.audio);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * streamId.hashCode() + kind.hashCode()) + Arrays.hashCode(value))
                + Objects.hashCode(audio);
    }

    @Override
    public String toString() {
        return "OutputRecord{"
                + streamId
                + ", "
                + kind
                + ", "
                + (value != null ? value.length + " bytes" : audio)
                + "}";
    }
}
