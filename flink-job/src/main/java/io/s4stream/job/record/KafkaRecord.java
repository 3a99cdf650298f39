package io.s4stream.job.record;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * A Kafka record as the job passes it around: key, value and headers, bytes as they came. Used for
 * the input before decoding and for dead-letter records. The arrays are not copied; treat them as
 * read-only.
 *
 * @param key the record key, null when the record had none
 * @param value the record value, null when the record had none
 * @param headerKeys header names, in record order (a name may repeat)
 * @param headerValues header values, parallel to {@code headerKeys}; an element may be null
 */
public record KafkaRecord(byte[] key, byte[] value, String[] headerKeys, byte[][] headerValues) {

    public KafkaRecord {
        if (headerKeys == null
                || headerValues == null
                || headerKeys.length != headerValues.length) {
            throw new IllegalArgumentException(
                    "header keys and values must be parallel arrays, got "
                            + (headerKeys == null ? "null" : headerKeys.length)
                            + " keys and "
                            + (headerValues == null ? "null" : headerValues.length)
                            + " values");
        }
    }

    /** Copies the references of a consumed record (no byte copies). */
    public static KafkaRecord of(ConsumerRecord<byte[], byte[]> record) {
        return of(record.key(), record.value(), record.headers());
    }

    /** A record from key, value and Kafka headers (no byte copies). */
    public static KafkaRecord of(byte[] key, byte[] value, Headers headers) {
        Header[] all = headers.toArray();
        String[] keys = new String[all.length];
        byte[][] values = new byte[all.length][];
        for (int i = 0; i < all.length; i++) {
            keys[i] = all[i].key();
            values[i] = all[i].value();
        }
        return new KafkaRecord(key, value, keys, values);
    }

    /** The last value of header {@code name} as UTF-8 text. */
    public Optional<String> header(String name) {
        for (int i = headerKeys.length - 1; i >= 0; i--) {
            if (headerKeys[i].equals(name)) {
                return Optional.ofNullable(headerValues[i])
                        .map(v -> new String(v, StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    /** The key as UTF-8 text, or "" when the record had no key. */
    public String keyText() {
        return key == null ? "" : new String(key, StandardCharsets.UTF_8);
    }

    /** This record with UTF-8 headers appended (existing headers are kept). */
    public KafkaRecord withHeaders(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException(
                    "names and values must come in pairs, got " + namesAndValues.length);
        }
        int n = headerKeys.length;
        String[] keys = Arrays.copyOf(headerKeys, n + namesAndValues.length / 2);
        byte[][] values = Arrays.copyOf(headerValues, keys.length);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            keys[n + i / 2] = namesAndValues[i];
            values[n + i / 2] = namesAndValues[i + 1].getBytes(StandardCharsets.UTF_8);
        }
        return new KafkaRecord(key, value, keys, values);
    }

    /** The headers as Kafka headers. */
    public Headers kafkaHeaders() {
        RecordHeaders headers = new RecordHeaders();
        for (int i = 0; i < headerKeys.length; i++) {
            headers.add(headerKeys[i], headerValues[i]);
        }
        return headers;
    }

    /** This record, to be written to {@code topic} (partition chosen by the key). */
    public ProducerRecord<byte[], byte[]> toProducerRecord(String topic) {
        return new ProducerRecord<>(topic, null, key, value, kafkaHeaders());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KafkaRecord r
                && Arrays.equals(key, r.key)
                && Arrays.equals(value, r.value)
                && Arrays.equals(headerKeys, r.headerKeys)
                && Arrays.deepEquals(headerValues, r.headerValues);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(key) + Arrays.hashCode(value))
                + Arrays.hashCode(headerKeys);
    }

    @Override
    public String toString() {
        return "KafkaRecord{key="
                + keyText()
                + ", value="
                + (value == null ? "null" : value.length + " bytes")
                + ", headers="
                + Arrays.toString(headerKeys)
                + '}';
    }
}
