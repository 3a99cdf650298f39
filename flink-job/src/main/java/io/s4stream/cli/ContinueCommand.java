package io.s4stream.cli;

import io.s4stream.audio.file.AudioFiles;
import io.s4stream.audio.pitch.PitchTrack;
import io.s4stream.job.generation.FileContinuation;
import io.s4stream.job.generation.ModelRateAudio;
import io.s4stream.models.generation.Sampling;
import io.s4stream.models.runtime.ShippedModels;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
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
            names = "--top-p",
            defaultValue = "0.3",
            description =
                    "Nucleus sampling: draw each sample from the most probable mu-law levels that"
                            + " hold this share of the probability, in (0, 1]; 1 = all of them"
                            + " (default: ${DEFAULT-VALUE}).")
    double topP;

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

    @Option(
            names = "--pitch-report",
            description =
                    "After generating, print the pitch track (TarsosDSP YIN, 46 ms frames,"
                        + " half-frame hop, at the output rate) of the prompt's last S seconds and"
                        + " of the continuation, one line each: 'pitch track of WHAT (TarsosDSP"
                        + " YIN, F-sample frames): N frames, P %% pitched, Q %% stable (within 50"
                        + " cents), median H Hz (NOTE)'. Pitched: YIN probability >= "
                            + PitchTrack.DEFAULT_MIN_PROBABILITY
                            + " and above -60 dBFS RMS about the frame's mean (a constant offset is"
                            + " silence); stable: pitched, as was the previous frame,"
                            + " within 50 cents of it.")
    boolean pitchReport;

    @Override
    public Integer call() {
        if (!(seconds > 0 && seconds <= 600)) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--seconds must be in (0, 600], got " + seconds);
        }
        Path dir = model != null ? model : ShippedModels.path(ShippedModels.CONTINUATION);
        FileContinuation.Result r =
                FileContinuation.continueFile(dir, input, seconds, sampling(), seed, rate);
        AudioFiles.writeWav(out, r.audio(), r.outRate(), 1);
        PrintWriter w = spec.commandLine().getOut();
        w.printf(
                "Generated %.2f s (%d samples at the model's rate) in %.2f s -> %s%n",
                seconds, r.modelSamples(), r.generateSeconds(), out);
        if (pitchReport) {
            printPitchReport(w, r);
        }
        return 0;
    }

    private Sampling sampling() {
        try {
            return new Sampling(temperature, topP);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The prompt's last stretch as long as the continuation, then the continuation itself. */
    private void printPitchReport(PrintWriter w, FileContinuation.Result r) {
        PitchTrack track = new PitchTrack(r.outRate());
        float[] prompt = ModelRateAudio.toMono(AudioFiles.read(input), r.outRate());
        int n = Math.min(prompt.length, r.audio().length);
        w.println(
                PitchReportLine.format(
                        String.format(
                                Locale.ROOT, "the prompt's last %.2f s", n / (double) r.outRate()),
                        track.analyze(prompt, prompt.length - n, n, null)));
        w.println(
                PitchReportLine.format(
                        String.format(
                                Locale.ROOT,
                                "the %.2f s continuation",
                                r.audio().length / (double) r.outRate()),
                        track.analyze(r.audio())));
    }
}
