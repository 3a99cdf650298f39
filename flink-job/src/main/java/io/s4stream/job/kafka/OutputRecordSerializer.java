package io.s4stream.job.kafka;

import io.s4stream.audio.record.AudioHeaders;
import io.s4stream.audio.record.AudioRecordCodec;
import io.s4stream.job.record.OutputKind;
import io.s4stream.job.record.OutputRecord;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;

/**
 * Writes {@link OutputRecord}s to the output topic, key = stream id: events as their JSON value
 * with header {@code s4.kind=event}; generated audio through the record format's own {@link
 * AudioRecordCodec} (PCM value, every {@code s4.*} header, {@code s4.kind=continuation}).
 */
public final class OutputRecordSerializer implements KafkaRecordSerializationSchema<OutputRecord> {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private final AudioRecordCodec codec = new AudioRecordCodec();

    public OutputRecordSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            OutputRecord element, KafkaSinkContext context, Long timestamp) {
        if (element.kind() == OutputKind.CONTINUATION) {
            return codec.encode(element.audio()).toProducerRecord(topic);
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add(
                AudioHeaders.KIND, element.kind().headerValue().getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(
                topic,
                null,
                element.streamId().getBytes(StandardCharsets.UTF_8),
                element.value(),
                headers);
    }
}
