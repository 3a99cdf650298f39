package io.s4stream.audio.record;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Headers of a dead-letter record: the original ones plus the error code and detail. */
public final class DeadLetterHeaders {
    private DeadLetterHeaders() {}

    /**
     * The original headers (minus any previous error headers) followed by {@code s4.error} and
     * {@code s4.error-detail}.
     */
    public static List<Header> of(Headers original, InvalidAudioRecordException error) {
        List<Header> out = new ArrayList<>();
        if (original != null) {
            for (Header h : original) {
                if (!AudioHeaders.ERROR.equals(h.key())
                        && !AudioHeaders.ERROR_DETAIL.equals(h.key())) {
                    out.add(new RecordHeader(h.key(), h.value()));
                }
            }
        }
        out.add(header(AudioHeaders.ERROR, error.reason().name()));
        out.add(header(AudioHeaders.ERROR_DETAIL, error.detail()));
        return out;
    }

    private static Header header(String key, String value) {
        return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
