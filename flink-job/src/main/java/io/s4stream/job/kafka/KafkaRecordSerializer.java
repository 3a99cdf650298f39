package io.s4stream.job.kafka;

import io.s4stream.job.record.KafkaRecord;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes {@link KafkaRecord}s (dead letters) unchanged to one topic. */
public final class KafkaRecordSerializer implements KafkaRecordSerializationSchema<KafkaRecord> {

    private static final long serialVersionUID = 1L;

    private final String topic;

    public KafkaRecordSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            KafkaRecord element, KafkaSinkContext context, Long timestamp) {
        return element.toProducerRecord(topic);
    }
}
