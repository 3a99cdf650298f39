package io.s4stream.job;

import io.s4stream.models.runtime.Device;
import io.s4stream.models.runtime.ShippedModels;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;

import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What the S4 operator and the {@code classify} command need: model, device, batching, event hop,
 * and the operator's continuations ({@link ContinuationSettings}). Immutable; build with {@link
 * #builder()} or {@link #fromConfiguration(ReadableConfig)}.
 */
public final class InferenceSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The classifier used when no model directory is given. */
    public static final String DEFAULT_MODEL = "instrument-family";

    private final String modelDir;
    private final Device device;
    private final double hopSeconds;
    private final int topK;
    private final int chunkSize;
    private final int maxBatch;
    private final long maxBatchWaitMillis;
    private final long idleTimeoutMillis;
    private final ContinuationSettings continuation;

    private InferenceSettings(Builder b) {
        this.modelDir = b.modelDir;
        this.device = b.device;
        this.hopSeconds = b.hopSeconds;
        this.topK = b.topK;
        this.chunkSize = b.chunkSize;
        this.maxBatch = b.maxBatch;
        this.maxBatchWaitMillis = b.maxBatchWait.toMillis();
        this.idleTimeoutMillis = b.idleTimeout.toMillis();
        this.continuation = b.continuation;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Reads the {@link S4StreamOptions} that concern inference. */
    public static InferenceSettings fromConfiguration(ReadableConfig config) {
        Builder b =
                builder()
                        .device(config.get(S4StreamOptions.DEVICE))
                        .hopSeconds(config.get(S4StreamOptions.HOP_SECONDS))
                        .topK(config.get(S4StreamOptions.TOP_K))
                        .chunkSize(config.get(S4StreamOptions.CHUNK_SIZE))
                        .maxBatch(config.get(S4StreamOptions.MAX_BATCH))
                        .maxBatchWait(config.get(S4StreamOptions.MAX_BATCH_WAIT))
                        .idleTimeout(config.get(S4StreamOptions.IDLE_TIMEOUT))
                        .continuation(ContinuationSettings.fromConfiguration(config));
        config.getOptional(S4StreamOptions.MODEL_DIR).ifPresent(d -> b.modelDir(Path.of(d)));
        return b.build();
    }

    /** Writes these settings back as {@link S4StreamOptions}. */
    public void writeTo(Configuration config) {
        if (modelDir != null) {
            config.set(S4StreamOptions.MODEL_DIR, modelDir);
        }
        config.set(S4StreamOptions.DEVICE, device);
        config.set(S4StreamOptions.HOP_SECONDS, hopSeconds);
        config.set(S4StreamOptions.TOP_K, topK);
        config.set(S4StreamOptions.CHUNK_SIZE, chunkSize);
        config.set(S4StreamOptions.MAX_BATCH, maxBatch);
        config.set(S4StreamOptions.MAX_BATCH_WAIT, maxBatchWait());
        config.set(S4StreamOptions.IDLE_TIMEOUT, idleTimeout());
        continuation.writeTo(config);
    }

    /** The model directory given, if any. */
    public Optional<Path> modelDir() {
        return Optional.ofNullable(modelDir).map(Path::of);
    }

    /** The model directory given, or the shipped default classifier (extracted if needed). */
    public Path resolveModelDir() {
        return modelDir().orElseGet(() -> ShippedModels.path(DEFAULT_MODEL));
    }

    public Device device() {
        return device;
    }

    public double hopSeconds() {
        return hopSeconds;
    }

    public int topK() {
        return topK;
    }

    public int chunkSize() {
        return chunkSize;
    }

    public int maxBatch() {
        return maxBatch;
    }

    public Duration maxBatchWait() {
        return Duration.ofMillis(maxBatchWaitMillis);
    }

    public Duration idleTimeout() {
        return Duration.ofMillis(idleTimeoutMillis);
    }

    /** How the operator generates continuations. */
    public ContinuationSettings continuation() {
        return continuation;
    }

    @Override
    public String toString() {
        return "InferenceSettings{model="
                + (modelDir == null ? DEFAULT_MODEL : modelDir)
                + ", device="
                + device
                + ", hopSeconds="
                + hopSeconds
                + ", topK="
                + topK
                + ", chunkSize="
                + chunkSize
                + ", maxBatch="
                + maxBatch
                + ", maxBatchWait="
                + maxBatchWait()
                + ", idleTimeout="
                + idleTimeout()
                + ", continuation="
                + continuation
                + '}';
    }

    /**
     * Builder with the defaults of {@link S4StreamOptions}; {@link #build()} checks every value.
     */
    public static final class Builder {
        private String modelDir;
        private Device device = S4StreamOptions.DEVICE.defaultValue();
        private double hopSeconds = S4StreamOptions.HOP_SECONDS.defaultValue();
        private int topK = S4StreamOptions.TOP_K.defaultValue();
        private int chunkSize = S4StreamOptions.CHUNK_SIZE.defaultValue();
        private int maxBatch = S4StreamOptions.MAX_BATCH.defaultValue();
        private Duration maxBatchWait = S4StreamOptions.MAX_BATCH_WAIT.defaultValue();
        private Duration idleTimeout = S4StreamOptions.IDLE_TIMEOUT.defaultValue();
        private ContinuationSettings continuation = ContinuationSettings.defaults();

        private Builder() {}

        public Builder modelDir(Path dir) {
            this.modelDir = dir == null ? null : dir.toAbsolutePath().normalize().toString();
            return this;
        }

        public Builder device(Device device) {
            this.device = device;
            return this;
        }

        public Builder hopSeconds(double hopSeconds) {
            this.hopSeconds = hopSeconds;
            return this;
        }

        public Builder topK(int topK) {
            this.topK = topK;
            return this;
        }

        public Builder chunkSize(int chunkSize) {
            this.chunkSize = chunkSize;
            return this;
        }

        public Builder maxBatch(int maxBatch) {
            this.maxBatch = maxBatch;
            return this;
        }

        public Builder maxBatchWait(Duration maxBatchWait) {
            this.maxBatchWait = maxBatchWait;
            return this;
        }

        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
            return this;
        }

        public Builder continuation(ContinuationSettings continuation) {
            this.continuation = continuation;
            return this;
        }

        public InferenceSettings build() {
            if (device == null) {
                throw new InvalidSettingException("device must be cpu or cuda, got null");
            }
            if (!(hopSeconds > 0 && hopSeconds <= 3600)) {
                throw new InvalidSettingException(
                        "hop seconds must be in (0, 3600], got " + hopSeconds);
            }
            if (topK < 1) {
                throw new InvalidSettingException("top-k must be at least 1, got " + topK);
            }
            if (chunkSize < 1) {
                throw new InvalidSettingException(
                        "chunk size must be a positive multiple of the model frame, got "
                                + chunkSize);
            }
            if (maxBatch < 1) {
                throw new InvalidSettingException("max batch must be at least 1, got " + maxBatch);
            }
            if (maxBatchWait == null || maxBatchWait.isNegative()) {
                throw new InvalidSettingException(
                        "max batch wait must be zero or positive, got " + maxBatchWait);
            }
            if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
                throw new InvalidSettingException(
                        "idle timeout must be positive, got " + idleTimeout);
            }
            if (continuation == null) {
                throw new InvalidSettingException("continuation settings are required, got null");
            }
            return new InferenceSettings(this);
        }
    }
}
