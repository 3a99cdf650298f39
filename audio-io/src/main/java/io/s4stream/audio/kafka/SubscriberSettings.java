package io.s4stream.audio.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Settings of an {@link OutputSubscriber}; build with {@link #builder()}. */
public final class SubscriberSettings {
    private final String bootstrapServers;
    private final String topic;
    private final StartPosition startPosition;
    private final Path audioDir;
    private final int untilFinalEvents;
    private final int untilAudioFiles;
    private final Duration timeout;
    private final Duration pollInterval;
    private final Map<String, String> consumerProperties;

    private SubscriberSettings(Builder b) {
        this.bootstrapServers = b.bootstrapServers;
        this.topic = b.topic;
        this.startPosition = b.startPosition;
        this.audioDir = b.audioDir;
        this.untilFinalEvents = b.untilFinalEvents;
        this.untilAudioFiles = b.untilAudioFiles;
        this.timeout = b.timeout;
        this.pollInterval = b.pollInterval;
        this.consumerProperties = Map.copyOf(b.consumerProperties);
    }

    /** Defaults: localhost:9092, topic {@code events}, latest, no audio, run until stopped. */
    public static Builder builder() {
        return new Builder();
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String topic() {
        return topic;
    }

    public StartPosition startPosition() {
        return startPosition;
    }

    /** Where stream audio is written as {@code <stream-id>.wav}; empty = audio is ignored. */
    public Optional<Path> audioDir() {
        return Optional.ofNullable(audioDir);
    }

    /** Stop after this many final events (0 = no such condition). */
    public int untilFinalEvents() {
        return untilFinalEvents;
    }

    /** Stop after this many WAV files were written (0 = no such condition). */
    public int untilAudioFiles() {
        return untilAudioFiles;
    }

    /** Give up after this long; {@link Duration#ZERO} = never. */
    public Duration timeout() {
        return timeout;
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    public Map<String, String> consumerProperties() {
        return consumerProperties;
    }

    /** Builds {@link SubscriberSettings}; {@link #build()} checks every value. */
    public static final class Builder {
        private String bootstrapServers = "localhost:9092";
        private String topic = "events";
        private StartPosition startPosition = StartPosition.LATEST;
        private Path audioDir;
        private int untilFinalEvents;
        private int untilAudioFiles;
        private Duration timeout = Duration.ZERO;
        private Duration pollInterval = Duration.ofMillis(200);
        private final Map<String, String> consumerProperties = new LinkedHashMap<>();

        private Builder() {}

        public Builder bootstrapServers(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
            return this;
        }

        public Builder topic(String topic) {
            this.topic = topic;
            return this;
        }

        public Builder startPosition(StartPosition startPosition) {
            this.startPosition = startPosition;
            return this;
        }

        /** Write each stream's audio to {@code dir/<stream-id>.wav}; null = ignore audio. */
        public Builder audioDir(Path dir) {
            this.audioDir = dir;
            return this;
        }

        public Builder untilFinalEvents(int n) {
            this.untilFinalEvents = n;
            return this;
        }

        public Builder untilAudioFiles(int n) {
            this.untilAudioFiles = n;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
            return this;
        }

        public Builder consumerProperty(String key, String value) {
            consumerProperties.put(
                    Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public SubscriberSettings build() {
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new IllegalArgumentException("bootstrapServers is required");
            }
            if (topic == null || topic.isBlank()) {
                throw new IllegalArgumentException("topic is required");
            }
            Objects.requireNonNull(startPosition, "startPosition");
            if (untilFinalEvents < 0 || untilAudioFiles < 0) {
                throw new IllegalArgumentException(
                        "until counts must be >= 0, got final events "
                                + untilFinalEvents
                                + ", audio files "
                                + untilAudioFiles);
            }
            if (untilAudioFiles > 0 && audioDir == null) {
                throw new IllegalArgumentException("waiting for audio files needs an audio dir");
            }
            if (timeout == null || timeout.isNegative()) {
                throw new IllegalArgumentException("timeout must be >= 0, got " + timeout);
            }
            if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
                throw new IllegalArgumentException("pollInterval must be > 0, got " + pollInterval);
            }
            return new SubscriberSettings(this);
        }
    }
}
