package io.s4stream.audio.kafka;

import io.s4stream.audio.record.AudioEncoding;
import io.s4stream.audio.record.AudioHeaders;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Settings of an {@link AudioPublisher}; build with {@link #builder()}. */
public final class PublisherSettings {
    private final String bootstrapServers;
    private final String topic;
    private final int chunkMillis;
    private final Pace pace;
    private final AudioEncoding encoding;
    private final int maxValueBytes;
    private final Map<String, String> producerProperties;

    private PublisherSettings(Builder b) {
        this.bootstrapServers = b.bootstrapServers;
        this.topic = b.topic;
        this.chunkMillis = b.chunkMillis;
        this.pace = b.pace;
        this.encoding = b.encoding;
        this.maxValueBytes = b.maxValueBytes;
        this.producerProperties = Map.copyOf(b.producerProperties);
    }

    /** Defaults: localhost:9092, topic {@code audio}, 100 ms chunks, real time, s16le, 1 MiB. */
    public static Builder builder() {
        return new Builder();
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String topic() {
        return topic;
    }

    public int chunkMillis() {
        return chunkMillis;
    }

    public Pace pace() {
        return pace;
    }

    public AudioEncoding encoding() {
        return encoding;
    }

    public int maxValueBytes() {
        return maxValueBytes;
    }

    /** Extra producer properties; they override the publisher's own. */
    public Map<String, String> producerProperties() {
        return producerProperties;
    }

    /** Builds {@link PublisherSettings}; {@link #build()} checks every value. */
    public static final class Builder {
        private String bootstrapServers = "localhost:9092";
        private String topic = "audio";
        private int chunkMillis = 100;
        private Pace pace = Pace.REAL_TIME;
        private AudioEncoding encoding = AudioEncoding.S16LE;
        private int maxValueBytes = AudioHeaders.DEFAULT_MAX_VALUE_BYTES;
        private final Map<String, String> producerProperties = new LinkedHashMap<>();

        private Builder() {}

        public Builder bootstrapServers(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
            return this;
        }

        public Builder topic(String topic) {
            this.topic = topic;
            return this;
        }

        /** Audio per record, in milliseconds (1..10000). */
        public Builder chunkMillis(int chunkMillis) {
            this.chunkMillis = chunkMillis;
            return this;
        }

        public Builder pace(Pace pace) {
            this.pace = pace;
            return this;
        }

        public Builder encoding(AudioEncoding encoding) {
            this.encoding = encoding;
            return this;
        }

        /** Largest record value in bytes; a chunk that would be larger is an error. */
        public Builder maxValueBytes(int maxValueBytes) {
            this.maxValueBytes = maxValueBytes;
            return this;
        }

        public Builder producerProperty(String key, String value) {
            producerProperties.put(
                    Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public PublisherSettings build() {
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new IllegalArgumentException("bootstrapServers is required");
            }
            if (topic == null || topic.isBlank()) {
                throw new IllegalArgumentException("topic is required");
            }
            if (chunkMillis < 1 || chunkMillis > 10_000) {
                throw new IllegalArgumentException(
                        "chunkMillis must be in 1..10000, got " + chunkMillis);
            }
            Objects.requireNonNull(pace, "pace");
            Objects.requireNonNull(encoding, "encoding");
            if (maxValueBytes < 1) {
                throw new IllegalArgumentException(
                        "maxValueBytes must be > 0, got " + maxValueBytes);
            }
            return new PublisherSettings(this);
        }
    }
}
