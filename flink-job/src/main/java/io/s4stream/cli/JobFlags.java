package io.s4stream.cli;

import static io.s4stream.cli.InferenceFlags.setIfGiven;

import io.s4stream.job.S4StreamOptions;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;

import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Kafka and job flags of {@code run-job}; unset flags keep the option defaults. */
final class JobFlags {

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (default: localhost:9092).")
    String bootstrapServers;

    @Option(names = "--group-id", description = "Consumer group of the source (default: s4stream).")
    String groupId;

    @Option(
            names = "--input-topic",
            paramLabel = "TOPIC",
            description = "Topic of the audio records (default: audio).")
    String inputTopic;

    @Option(
            names = "--output-topic",
            paramLabel = "TOPIC",
            description = "Topic of the events (default: events).")
    String outputTopic;

    @Option(
            names = "--dead-letter-topic",
            paramLabel = "TOPIC",
            description = "Topic of invalid records (default: audio-dlq).")
    String deadLetterTopic;

    @Option(
            names = "--max-record-bytes",
            paramLabel = "BYTES",
            description = "Largest accepted record value (default: 1048576).")
    Integer maxRecordBytes;

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            description = "Parallelism of every operator (default: 1).")
    Integer parallelism;

    @Option(
            names = "--delivery-guarantee",
            paramLabel = "at-least-once|exactly-once|none",
            converter = Converters.GuaranteeConverter.class,
            description =
                    "Kafka sink guarantee (default: at-least-once). Exactly-once output is"
                            + " visible to read_committed consumers after each checkpoint.")
    DeliveryGuarantee deliveryGuarantee;

    @Option(
            names = "--transactional-id-prefix",
            paramLabel = "PREFIX",
            description = "Transactional id prefix under exactly-once (default: s4stream).")
    String transactionalIdPrefix;

    @Option(
            names = "--transaction-timeout",
            paramLabel = "DURATION",
            converter = Converters.DurationConverter.class,
            description =
                    "Sink transaction.timeout.ms under exactly-once, at most the broker's"
                            + " 15min (default: 10min).")
    Duration transactionTimeout;

    @Option(
            names = "--checkpoint-interval",
            paramLabel = "DURATION",
            converter = Converters.DurationConverter.class,
            description = "Checkpoint interval; 0 disables checkpoints (default: 10s).")
    Duration checkpointInterval;

    @Option(
            names = "--buffer-timeout",
            paramLabel = "DURATION",
            converter = Converters.DurationConverter.class,
            description =
                    "Longest time Flink holds a partly filled network buffer between operators;"
                            + " 0 flushes every record (default: 5ms).")
    Duration bufferTimeout;

    @Option(
            names = "-D",
            paramLabel = "KEY=VALUE",
            mapFallbackValue = "",
            description =
                    "Any other Flink configuration option, e.g."
                            + " -D state.backend.type=rocksdb.")
    Map<String, String> flinkOptions = new LinkedHashMap<>();

    /** Sets the -D options, then the given flags, in {@code config}. */
    void writeTo(Configuration config) {
        config.addAll(Configuration.fromMap(flinkOptions));
        setIfGiven(config, S4StreamOptions.BOOTSTRAP_SERVERS, bootstrapServers);
        setIfGiven(config, S4StreamOptions.GROUP_ID, groupId);
        setIfGiven(config, S4StreamOptions.INPUT_TOPIC, inputTopic);
        setIfGiven(config, S4StreamOptions.OUTPUT_TOPIC, outputTopic);
        setIfGiven(config, S4StreamOptions.DEAD_LETTER_TOPIC, deadLetterTopic);
        setIfGiven(config, S4StreamOptions.MAX_RECORD_BYTES, maxRecordBytes);
        setIfGiven(config, S4StreamOptions.PARALLELISM, parallelism);
        setIfGiven(config, S4StreamOptions.DELIVERY_GUARANTEE, deliveryGuarantee);
        setIfGiven(config, S4StreamOptions.TRANSACTIONAL_ID_PREFIX, transactionalIdPrefix);
        setIfGiven(config, S4StreamOptions.TRANSACTION_TIMEOUT, transactionTimeout);
        setIfGiven(config, S4StreamOptions.CHECKPOINT_INTERVAL, checkpointInterval);
        setIfGiven(config, S4StreamOptions.BUFFER_TIMEOUT, bufferTimeout);
    }
}
