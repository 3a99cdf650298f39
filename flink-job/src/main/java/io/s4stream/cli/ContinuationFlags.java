package io.s4stream.cli;

import static io.s4stream.cli.InferenceFlags.setIfGiven;

import io.s4stream.job.S4StreamOptions;

import org.apache.flink.configuration.Configuration;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Flags of the job's continuations; unset flags keep the option defaults. */
final class ContinuationFlags {

    @Option(
            names = "--continuation-model",
            paramLabel = "DIR",
            description =
                    "Compiled mu-law generator for continuations (default: the shipped"
                            + " piano-continuation model when present); an empty value turns"
                            + " continuations off.")
    String model;

    @Option(
            names = "--continuation-temperature",
            paramLabel = "T",
            description = "Sampling temperature; 0 takes the argmax (default: 1.0).")
    Double temperature;

    @Option(
            names = "--continuation-top-p",
            paramLabel = "P",
            description =
                    "Nucleus sampling: draw from the most probable levels holding this share of"
                            + " the probability, in (0, 1] (default: 0.3; 1: all of them).")
    Double topP;

    @Option(
            names = "--continuation-seed",
            paramLabel = "SEED",
            description = "Seed; with the stream id it fixes the generated audio (default: 0).")
    Long seed;

    @Option(
            names = "--continuation-max-seconds",
            paramLabel = "S",
            description = "Longest continuation served, at most 60 (default: 60).")
    Double maxSeconds;

    @Option(
            names = "--continuation-slice",
            paramLabel = "SAMPLES",
            description =
                    "Generator-rate samples per stream per tick, one record each (default: 1600).")
    Integer slice;

    @Option(
            names = "--continuation-output-rate",
            paramLabel = "HZ",
            description = "Sample rate of the continuation records (default: 44100).")
    Integer outputRate;

    @Option(
            names = "--continuation-chunk-size",
            paramLabel = "T",
            description =
                    "Generator-rate samples per stream per batched prompt call (default: 256).")
    Integer chunkSize;

    /** Sets the given flags in {@code config}. */
    void writeTo(Configuration config) {
        if (model != null) {
            config.set(
                    S4StreamOptions.CONTINUATION_MODEL,
                    model.isBlank() ? "" : Path.of(model).toAbsolutePath().normalize().toString());
        }
        setIfGiven(config, S4StreamOptions.CONTINUATION_TEMPERATURE, temperature);
        setIfGiven(config, S4StreamOptions.CONTINUATION_TOP_P, topP);
        setIfGiven(config, S4StreamOptions.CONTINUATION_SEED, seed);
        setIfGiven(config, S4StreamOptions.CONTINUATION_MAX_SECONDS, maxSeconds);
        setIfGiven(config, S4StreamOptions.CONTINUATION_SLICE, slice);
        setIfGiven(config, S4StreamOptions.CONTINUATION_OUTPUT_RATE, outputRate);
        setIfGiven(config, S4StreamOptions.CONTINUATION_CHUNK_SIZE, chunkSize);
    }
}
