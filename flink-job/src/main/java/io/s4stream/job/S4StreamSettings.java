package io.s4stream.job;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;

import java.time.Duration;

/**
 * All settings of one s4stream job.
 *
 * @param checkpointInterval zero disables checkpointing
 * @param bufferTimeout longest time Flink holds a partly filled network buffer between operators
 * @param maxRecordBytes largest accepted record value
 */
public record S4StreamSettings(
        KafkaSettings kafka,
        InferenceSettings inference,
        int parallelism,
        Duration checkpointInterval,
        Duration bufferTimeout,
        int maxRecordBytes) {

    public S4StreamSettings {
        if (kafka == null || inference == null) {
            throw new InvalidSettingException("kafka and inference settings are required");
        }
        if (parallelism < 1) {
            throw new InvalidSettingException("parallelism must be at least 1, got " + parallelism);
        }
        if (maxRecordBytes < 1) {
            throw new InvalidSettingException(
                    "max record bytes must be positive, got " + maxRecordBytes);
        }
        if (checkpointInterval == null || checkpointInterval.isNegative()) {
            throw new InvalidSettingException(
                    "checkpoint interval must be zero (off) or positive, got "
                            + checkpointInterval);
        }
        if (bufferTimeout == null || bufferTimeout.isNegative()) {
            throw new InvalidSettingException(
                    "buffer timeout must be zero (flush every record) or positive, got "
                            + bufferTimeout);
        }
    }

    /** The defaults of every {@link S4StreamOptions}. */
    public static S4StreamSettings defaults() {
        return fromConfiguration(new Configuration());
    }

    /** These settings with other inference settings. */
    public S4StreamSettings withInference(InferenceSettings other) {
        return new S4StreamSettings(
                kafka, other, parallelism, checkpointInterval, bufferTimeout, maxRecordBytes);
    }

    /** Reads every {@link S4StreamOptions} (defaults for the ones not set). */
    public static S4StreamSettings fromConfiguration(ReadableConfig config) {
        return new S4StreamSettings(
                KafkaSettings.fromConfiguration(config),
                InferenceSettings.fromConfiguration(config),
                config.get(S4StreamOptions.PARALLELISM),
                config.get(S4StreamOptions.CHECKPOINT_INTERVAL),
                config.get(S4StreamOptions.BUFFER_TIMEOUT),
                config.get(S4StreamOptions.MAX_RECORD_BYTES));
    }

    /** These settings as a Flink configuration holding every {@link S4StreamOptions}. */
    public Configuration toConfiguration() {
        Configuration config = new Configuration();
        kafka.writeTo(config);
        inference.writeTo(config);
        config.set(S4StreamOptions.PARALLELISM, parallelism);
        config.set(S4StreamOptions.CHECKPOINT_INTERVAL, checkpointInterval);
        config.set(S4StreamOptions.BUFFER_TIMEOUT, bufferTimeout);
        config.set(S4StreamOptions.MAX_RECORD_BYTES, maxRecordBytes);
        return config;
    }
}
