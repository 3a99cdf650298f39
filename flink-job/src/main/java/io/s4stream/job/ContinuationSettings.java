package io.s4stream.job;

import io.s4stream.audio.record.AudioHeaders;
import io.s4stream.models.generation.Sampling;
import io.s4stream.models.io.ModelFileException;
import io.s4stream.models.runtime.ShippedModels;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How the job generates continuations: the generator model, sampling, and how generation is cut
 * into slices and delivered. Immutable; build with {@link #builder()} or {@link
 * #fromConfiguration(ReadableConfig)}.
 */
public final class ContinuationSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(ContinuationSettings.class);

    /** Largest slice, in generator-rate samples (a few seconds at any usual rate). */
    public static final int MAX_SLICE = 1 << 16;

    /** Where the generator comes from. */
    public enum ModelSource {
        /** The shipped {@code piano-continuation} model, when it is present; else none. */
        SHIPPED,
        /** A compiled model directory. */
        DIRECTORY,
        /** Continuations are off. */
        NONE
    }

    private final ModelSource source;
    private final String modelDir;
    private final Sampling sampling;
    private final long seed;
    private final double maxSeconds;
    private final int slice;
    private final int outputRate;
    private final int chunkSize;

    private ContinuationSettings(Builder b, Sampling sampling) {
        this.source = b.source;
        this.modelDir = b.modelDir;
        this.sampling = sampling;
        this.seed = b.seed;
        this.maxSeconds = b.maxSeconds;
        this.slice = b.slice;
        this.outputRate = b.outputRate;
        this.chunkSize = b.chunkSize;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The defaults of every continuation option. */
    public static ContinuationSettings defaults() {
        return builder().build();
    }

    /** Reads the {@code s4.continuation.*} {@link S4StreamOptions}. */
    public static ContinuationSettings fromConfiguration(ReadableConfig config) {
        Builder b =
                builder()
                        .temperature(config.get(S4StreamOptions.CONTINUATION_TEMPERATURE))
                        .topP(config.get(S4StreamOptions.CONTINUATION_TOP_P))
                        .seed(config.get(S4StreamOptions.CONTINUATION_SEED))
                        .maxSeconds(config.get(S4StreamOptions.CONTINUATION_MAX_SECONDS))
                        .slice(config.get(S4StreamOptions.CONTINUATION_SLICE))
                        .outputRate(config.get(S4StreamOptions.CONTINUATION_OUTPUT_RATE))
                        .chunkSize(config.get(S4StreamOptions.CONTINUATION_CHUNK_SIZE));
        config.getOptional(S4StreamOptions.CONTINUATION_MODEL)
                .ifPresent(d -> b.model(d.isBlank() ? ModelSource.NONE : ModelSource.DIRECTORY, d));
        return b.build();
    }

    /** Writes these settings back as {@link S4StreamOptions}. */
    public void writeTo(Configuration config) {
        switch (source) {
            case SHIPPED -> config.removeConfig(S4StreamOptions.CONTINUATION_MODEL);
            case NONE -> config.set(S4StreamOptions.CONTINUATION_MODEL, "");
            case DIRECTORY -> config.set(S4StreamOptions.CONTINUATION_MODEL, modelDir);
        }
        config.set(S4StreamOptions.CONTINUATION_TEMPERATURE, sampling.temperature());
        config.set(S4StreamOptions.CONTINUATION_TOP_P, sampling.topP());
        config.set(S4StreamOptions.CONTINUATION_SEED, seed);
        config.set(S4StreamOptions.CONTINUATION_MAX_SECONDS, maxSeconds);
        config.set(S4StreamOptions.CONTINUATION_SLICE, slice);
        config.set(S4StreamOptions.CONTINUATION_OUTPUT_RATE, outputRate);
        config.set(S4StreamOptions.CONTINUATION_CHUNK_SIZE, chunkSize);
    }

    public ModelSource source() {
        return source;
    }

    /**
     * The generator's directory: the one given, or the shipped model when it is present (extracted
     * if needed); empty when continuations are off or nothing is shipped.
     */
    public Optional<Path> resolveModelDir() {
        return switch (source) {
            case DIRECTORY -> Optional.of(Path.of(modelDir));
            case SHIPPED -> shippedModel();
            case NONE -> Optional.empty();
        };
    }

    private static Optional<Path> shippedModel() {
        try {
            return Optional.of(ShippedModels.path(ShippedModels.CONTINUATION));
        } catch (ModelFileException e) {
            LOG.info("No continuation model ({}); continuations are off", e.getMessage());
            return Optional.empty();
        }
    }

    public double temperature() {
        return sampling.temperature();
    }

    public double topP() {
        return sampling.topP();
    }

    /** How each generated sample is drawn. */
    public Sampling sampling() {
        return sampling;
    }

    public long seed() {
        return seed;
    }

    public double maxSeconds() {
        return maxSeconds;
    }

    /** Generator-rate samples per stream per tick (one continuation record each). */
    public int slice() {
        return slice;
    }

    public int outputRate() {
        return outputRate;
    }

    /** Generator-rate samples per stream per batched teacher-forced chunk call. */
    public int chunkSize() {
        return chunkSize;
    }

    @Override
    public String toString() {
        return "ContinuationSettings{model="
                + (source == ModelSource.DIRECTORY ? modelDir : source)
                + ", temperature="
                + sampling.temperature()
                + ", topP="
                + sampling.topP()
                + ", seed="
                + seed
                + ", maxSeconds="
                + maxSeconds
                + ", slice="
                + slice
                + ", outputRate="
                + outputRate
                + ", chunkSize="
                + chunkSize
                + '}';
    }

    /** Builder with the defaults of {@link S4StreamOptions}; {@link #build()} checks them. */
    public static final class Builder {
        private ModelSource source = ModelSource.SHIPPED;
        private String modelDir;
        private double temperature = S4StreamOptions.CONTINUATION_TEMPERATURE.defaultValue();
        private double topP = S4StreamOptions.CONTINUATION_TOP_P.defaultValue();
        private long seed = S4StreamOptions.CONTINUATION_SEED.defaultValue();
        private double maxSeconds = S4StreamOptions.CONTINUATION_MAX_SECONDS.defaultValue();
        private int slice = S4StreamOptions.CONTINUATION_SLICE.defaultValue();
        private int outputRate = S4StreamOptions.CONTINUATION_OUTPUT_RATE.defaultValue();
        private int chunkSize = S4StreamOptions.CONTINUATION_CHUNK_SIZE.defaultValue();

        private Builder() {}

        /** Generates with the model in {@code dir}. */
        public Builder modelDir(Path dir) {
            return model(ModelSource.DIRECTORY, dir.toString());
        }

        /** Turns continuations off. */
        public Builder disabled() {
            return model(ModelSource.NONE, null);
        }

        /** Generates with the shipped model when it is present (the default). */
        public Builder shippedModel() {
            return model(ModelSource.SHIPPED, null);
        }

        private Builder model(ModelSource source, String dir) {
            this.source = source;
            this.modelDir =
                    source == ModelSource.DIRECTORY
                            ? Path.of(dir).toAbsolutePath().normalize().toString()
                            : null;
            return this;
        }

        public Builder temperature(double temperature) {
            this.temperature = temperature;
            return this;
        }

        public Builder topP(double topP) {
            this.topP = topP;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder maxSeconds(double maxSeconds) {
            this.maxSeconds = maxSeconds;
            return this;
        }

        public Builder slice(int slice) {
            this.slice = slice;
            return this;
        }

        public Builder outputRate(int outputRate) {
            this.outputRate = outputRate;
            return this;
        }

        public Builder chunkSize(int chunkSize) {
            this.chunkSize = chunkSize;
            return this;
        }

        public ContinuationSettings build() {
            Sampling sampling;
            try {
                sampling = new Sampling(temperature, topP);
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException("continuation " + e.getMessage());
            }
            if (!(maxSeconds > 0 && maxSeconds <= AudioHeaders.MAX_CONTINUE_SECONDS)) {
                throw new InvalidSettingException(
                        "continuation max seconds must be in (0, 60], got " + maxSeconds);
            }
            if (slice < 1 || slice > MAX_SLICE) {
                throw new InvalidSettingException(
                        "continuation slice must be in 1.." + MAX_SLICE + " samples, got " + slice);
            }
            if (outputRate < AudioHeaders.MIN_SAMPLE_RATE
                    || outputRate > AudioHeaders.MAX_SAMPLE_RATE) {
                throw new InvalidSettingException(
                        "continuation output rate must be in 1000..384000 Hz, got " + outputRate);
            }
            if (chunkSize < 1) {
                throw new InvalidSettingException(
                        "continuation chunk size must be positive, got " + chunkSize);
            }
            return new ContinuationSettings(this, sampling);
        }
    }
}
