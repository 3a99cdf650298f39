package io.s4stream.job;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.base.DeliveryGuarantee;

import java.io.Serializable;
import java.time.Duration;

/**
 * Where the job reads and writes: broker, topics and the sinks' delivery guarantee.
 *
 * @param transactionTimeout the sinks' {@code transaction.timeout.ms} under exactly-once
 */
public record KafkaSettings(
        String bootstrapServers,
        String groupId,
        String inputTopic,
        String outputTopic,
        String deadLetterTopic,
        DeliveryGuarantee deliveryGuarantee,
        String transactionalIdPrefix,
        Duration transactionTimeout)
        implements Serializable {

    /** The broker default of {@code transaction.max.timeout.ms}. */
    public static final Duration BROKER_MAX_TRANSACTION_TIMEOUT = Duration.ofMinutes(15);

    public KafkaSettings {
        requireText("bootstrap servers", bootstrapServers);
        requireText("group id", groupId);
        requireText("input topic", inputTopic);
        requireText("output topic", outputTopic);
        requireText("dead-letter topic", deadLetterTopic);
        if (inputTopic.equals(outputTopic) || inputTopic.equals(deadLetterTopic)) {
            throw new InvalidSettingException(
                    "the input topic must differ from the output and dead-letter topics, got "
                            + inputTopic);
        }
        if (deliveryGuarantee == null) {
            throw new InvalidSettingException(
                    "delivery guarantee must be at-least-once, exactly-once or none, got null");
        }
        if (deliveryGuarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            requireText(
                    "transactional id prefix (required for exactly-once)", transactionalIdPrefix);
        }
        if (transactionTimeout == null
                || transactionTimeout.isNegative()
                || transactionTimeout.isZero()
                || transactionTimeout.compareTo(BROKER_MAX_TRANSACTION_TIMEOUT) > 0) {
            throw new InvalidSettingException(
                    "transaction timeout must be positive and at most the broker's default"
                            + " transaction.max.timeout.ms of 15 min, got "
                            + transactionTimeout);
        }
    }

    /** Reads the Kafka {@link S4StreamOptions}. */
    public static KafkaSettings fromConfiguration(ReadableConfig config) {
        return new KafkaSettings(
                config.get(S4StreamOptions.BOOTSTRAP_SERVERS),
                config.get(S4StreamOptions.GROUP_ID),
                config.get(S4StreamOptions.INPUT_TOPIC),
                config.get(S4StreamOptions.OUTPUT_TOPIC),
                config.get(S4StreamOptions.DEAD_LETTER_TOPIC),
                config.get(S4StreamOptions.DELIVERY_GUARANTEE),
                config.get(S4StreamOptions.TRANSACTIONAL_ID_PREFIX),
                config.get(S4StreamOptions.TRANSACTION_TIMEOUT));
    }

    /** Writes these settings back as {@link S4StreamOptions}. */
    public void writeTo(Configuration config) {
        config.set(S4StreamOptions.BOOTSTRAP_SERVERS, bootstrapServers);
        config.set(S4StreamOptions.GROUP_ID, groupId);
        config.set(S4StreamOptions.INPUT_TOPIC, inputTopic);
        config.set(S4StreamOptions.OUTPUT_TOPIC, outputTopic);
        config.set(S4StreamOptions.DEAD_LETTER_TOPIC, deadLetterTopic);
        config.set(S4StreamOptions.DELIVERY_GUARANTEE, deliveryGuarantee);
        config.set(S4StreamOptions.TRANSACTIONAL_ID_PREFIX, transactionalIdPrefix);
        config.set(S4StreamOptions.TRANSACTION_TIMEOUT, transactionTimeout);
    }

    private static void requireText(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidSettingException(what + " must not be empty, got '" + value + "'");
        }
    }
}
