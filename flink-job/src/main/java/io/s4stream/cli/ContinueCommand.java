package io.s4stream.cli;

import io.s4stream.audio.file.AudioFiles;
import io.s4stream.job.generation.FileContinuation;
import io.s4stream.models.runtime.ShippedModels;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code s4stream continue IN.wav --seconds S --out OUT.wav}: autoregressive continuation. */
@Command(
        name = "continue",
        description = "Continue an audio file with the piano continuation model.",
        mixinStandardHelpOptions = true)
public final class ContinueCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", description = "Prompt audio (WAV/AIFF/AU, any rate and channels).")
    Path input;

    @Option(
            names = "--seconds",
            defaultValue = "2",
            description = "Seconds to generate (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(
            names = "--out",
            required = true,
            description = "WAV file to write (the continuation only).")
    Path out;

    @Option(
            names = "--temperature",
            defaultValue = "1.0",
            description = "Sampling temperature; 0 = argmax (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(
            names = "--seed",
            defaultValue = "0",
            description =
                    "Seed; with the file name it fixes the audio (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--rate",
            defaultValue = "44100",
            description = "Output sample rate (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(
            names = "--model",
            description = "Generator model directory (default: shipped piano-continuation).")
    Path model;

    @Override
    public Integer call() {
        if (!(seconds > 0 && seconds <= 600)) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--seconds must be in (0, 600], got " + seconds);
        }
        Path dir = model != null ? model : ShippedModels.path(ShippedModels.CONTINUATION);
        FileContinuation.Result r =
                FileContinuation.continueFile(dir, input, seconds, temperature, seed, rate);
        AudioFiles.writeWav(out, r.audio(), r.outRate(), 1);
        spec.commandLine()
                .getOut()
                .printf(
                        "Generated %.2f s (%d samples at the model's rate) in %.2f s -> %s%n",
                        seconds, r.modelSamples(), r.generateSeconds(), out);
        return 0;
    }
}
