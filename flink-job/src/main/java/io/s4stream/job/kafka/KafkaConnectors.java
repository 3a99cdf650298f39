package io.s4stream.job.kafka;

import io.s4stream.job.KafkaSettings;
import io.s4stream.job.record.KafkaRecord;
import io.s4stream.job.record.OutputRecord;

import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;

/** Builds the job's Kafka source and sinks from {@link KafkaSettings}. */
public final class KafkaConnectors {

    /**
     * The sinks' {@code max.request.size}: a record of the format's largest value (1 MiB, as a dead
     * letter keeps it) plus its key and headers must fit, and Kafka's 1 MiB default does not.
     */
    public static final int MAX_REQUEST_BYTES = (2 << 20) + (64 << 10);

    private KafkaConnectors() {}

    /**
     * Reads the input topic whole (key, value, headers) from the group's committed offsets, or from
     * the earliest offsets for a new group; transactional data is read committed.
     */
    public static KafkaSource<KafkaRecord> source(KafkaSettings settings) {
        return KafkaSource.<KafkaRecord>builder()
                .setBootstrapServers(settings.bootstrapServers())
                .setGroupId(settings.groupId())
                .setTopics(settings.inputTopic())
                .setStartingOffsets(
                        OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new KafkaRecordDeserializer())
                .setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .setProperty("partition.discovery.interval.ms", "10000")
                .build();
    }

    /** The output-topic sink (events and generated audio). */
    public static KafkaSink<OutputRecord> outputSink(KafkaSettings settings) {
        return sink(settings, new OutputRecordSerializer(settings.outputTopic()), "out");
    }

    /** The dead-letter sink (invalid records, with the reason in headers). */
    public static KafkaSink<KafkaRecord> deadLetterSink(KafkaSettings settings) {
        return sink(settings, new KafkaRecordSerializer(settings.deadLetterTopic()), "dlq");
    }

    private static <T> KafkaSink<T> sink(
            KafkaSettings settings, KafkaRecordSerializationSchema<T> serializer, String role) {
        KafkaSinkBuilder<T> builder =
                KafkaSink.<T>builder()
                        .setBootstrapServers(settings.bootstrapServers())
                        .setRecordSerializer(serializer)
                        .setDeliveryGuarantee(settings.deliveryGuarantee())
                        .setProperty(ProducerConfig.LINGER_MS_CONFIG, "5")
                        .setProperty(
                                ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                                Integer.toString(MAX_REQUEST_BYTES));
        if (settings.deliveryGuarantee() == DeliveryGuarantee.EXACTLY_ONCE) {
            builder.setTransactionalIdPrefix(settings.transactionalIdPrefix() + "-" + role)
                    .setProperty(
                            ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                            Long.toString(settings.transactionTimeout().toMillis()));
        }
        return builder.build();
    }
}
