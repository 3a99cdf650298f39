package io.s4stream.cli;

import io.s4stream.job.InferenceSettings;
import io.s4stream.job.S4StreamOptions;
import io.s4stream.models.runtime.Device;

import org.apache.flink.configuration.Configuration;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;

/** Flags that choose the model and how it runs; unset flags keep the option defaults. */
final class InferenceFlags {

    @Option(
            names = "--model",
            paramLabel = "DIR",
            description =
                    "Compiled model directory (default: the shipped instrument-family classifier).")
    Path model;

    @Option(
            names = "--hop-seconds",
            paramLabel = "S",
            description = "Seconds per classification event (default: 0.5).")
    Double hopSeconds;

    @Option(
            names = "--top-k",
            paramLabel = "K",
            description = "Labels listed per event (default: 3).")
    Integer topK;

    @Option(
            names = "--device",
            paramLabel = "cpu|cuda",
            converter = Converters.DeviceConverter.class,
            description =
                    "ONNX Runtime device; cuda falls back to cpu when unavailable (default: cpu).")
    Device device;

    @Option(
            names = "--chunk-size",
            paramLabel = "T",
            description =
                    "Model-rate samples per stream per batched model call, a multiple of the"
                            + " model's frame (default: 1024).")
    Integer chunkSize;

    @Option(
            names = "--max-batch",
            paramLabel = "N",
            description = "Most streams advanced together in one model call (default: 64).")
    Integer maxBatch;

    @Option(
            names = "--max-batch-wait",
            paramLabel = "DURATION",
            converter = Converters.DurationConverter.class,
            description = "Longest wait for a batch to fill, e.g. 20ms (default: 2ms).")
    Duration maxBatchWait;

    @Option(
            names = "--idle-timeout",
            paramLabel = "DURATION",
            converter = Converters.DurationConverter.class,
            description =
                    "Finalise a stream after this long without records, e.g. 5min"
                            + " (default: 5min).")
    Duration idleTimeout;

    /** Sets the given flags in {@code config}. */
    void writeTo(Configuration config) {
        if (model != null) {
            config.set(S4StreamOptions.MODEL_DIR, model.toAbsolutePath().normalize().toString());
        }
        setIfGiven(config, S4StreamOptions.HOP_SECONDS, hopSeconds);
        setIfGiven(config, S4StreamOptions.TOP_K, topK);
        setIfGiven(config, S4StreamOptions.DEVICE, device);
        setIfGiven(config, S4StreamOptions.CHUNK_SIZE, chunkSize);
        setIfGiven(config, S4StreamOptions.MAX_BATCH, maxBatch);
        setIfGiven(config, S4StreamOptions.MAX_BATCH_WAIT, maxBatchWait);
        setIfGiven(config, S4StreamOptions.IDLE_TIMEOUT, idleTimeout);
    }

    /** The inference settings these flags give. */
    InferenceSettings settings() {
        Configuration config = new Configuration();
        writeTo(config);
        return InferenceSettings.fromConfiguration(config);
    }

    static <T> void setIfGiven(
            Configuration config, org.apache.flink.configuration.ConfigOption<T> option, T value) {
        if (value != null) {
            config.set(option, value);
        }
    }
}
