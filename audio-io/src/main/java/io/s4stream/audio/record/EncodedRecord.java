package io.s4stream.audio.record;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.util.List;
import java.util.Objects;

/**
 * An encoded record: key, value and headers ready for a Kafka producer or a Flink Kafka
 * serialization schema. The arrays belong to the caller (the encoder keeps no reference).
 *
 * @param key the stream id in UTF-8
 * @param value PCM bytes, or JSON for events
 * @param headers immutable list of headers, in the order they are written
 */
public record EncodedRecord(byte[] key, byte[] value, List<Header> headers) {

    public EncodedRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        headers = List.copyOf(headers);
    }

    /** A new mutable Kafka {@link Headers} holding these headers. */
    public Headers kafkaHeaders() {
        return new RecordHeaders(headers);
    }

    /** A producer record for {@code topic}; the partition comes from the key. */
    public ProducerRecord<byte[], byte[]> toProducerRecord(String topic) {
        return toProducerRecord(topic, null, null);
    }

    /** A producer record for {@code topic} with an explicit partition and timestamp (nullable). */
    public ProducerRecord<byte[], byte[]> toProducerRecord(
            String topic, Integer partition, Long timestampMs) {
        return new ProducerRecord<>(topic, partition, timestampMs, key, value, kafkaHeaders());
    }
}
