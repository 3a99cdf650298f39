package io.s4stream.cli;

import io.s4stream.audio.file.AudioFiles;
import io.s4stream.audio.pitch.PitchReport;
import io.s4stream.audio.pitch.PitchTrack;
import io.s4stream.job.generation.ModelRateAudio;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code s4stream pitch FILE... [--from S] [--seconds S] [--gate DBFS] [--levels S]}: the pitch track that
 * {@code continue --pitch-report} prints, for any audio files, with the mean over them. It
 * measures real audio and generated audio the same way: the yardstick for continuations is the
 * audio that really followed their prompts. {@code --gate} raises the level below which a frame is
 * unpitched, to ask how much of a file is a stable tone at a level a listener hears easily, not a
 * faint one. {@code --levels} adds each file's RMS level per window of that many seconds, to tell a
 * tone that decays as a struck string does from one held at a constant level or falling silent.
 */
@Command(
        name = "pitch",
        description =
                "Print the pitch track (TarsosDSP YIN) of audio files, one line each, and the mean"
                        + " pitched and stable shares over them.",
        mixinStandardHelpOptions = true)
public final class PitchCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "1..*", description = "Audio files (WAV/AIFF/AU, any rate and channels).")
    List<Path> files;

    @Option(
            names = "--from",
            defaultValue = "0",
            description = "Start of the stretch to analyse, in seconds (default: ${DEFAULT-VALUE}).")
    double from;

    @Option(
            names = "--seconds",
            description = "Length of the stretch to analyse (default: to the end of each file).")
    Double seconds;

    @Option(
            names = "--rate",
            defaultValue = "44100",
            description =
                    "Rate the audio is resampled to before the analysis; frames are 46 ms at any"
                            + " rate (default: ${DEFAULT-VALUE}, as `continue` reports).")
    int rate;

    @Option(
            names = "--gate",
            defaultValue = "-60",
            description =
                    "Frames whose RMS (about their mean) is below this many dBFS are unpitched"
                            + " (default: ${DEFAULT-VALUE}, as `continue` reports).")
    double gateDbfs;

    @Option(
            names = "--levels",
            description =
                    "Also print each file's RMS level in dBFS per window of this many seconds of the"
                            + " stretch (e.g. 0.25; whole windows only).")
    Double levelSeconds;

    @Override
    public Integer call() {
        if (!(from >= 0)
                || (seconds != null && !(seconds > 0))
                || rate < 8_000
                || !(gateDbfs <= 0)
                || (levelSeconds != null && !(levelSeconds * rate >= 1))) {
            throw new ParameterException(
                    spec.commandLine(),
                    "need --from >= 0, --seconds > 0, --rate >= 8000, --gate <= 0 and --levels of"
                            + " at least one sample, got "
                            + from
                            + ", "
                            + seconds
                            + ", "
                            + rate
                            + ", "
                            + gateDbfs
                            + ", "
                            + levelSeconds);
        }
        PitchTrack track = new PitchTrack(rate, Math.pow(10, gateDbfs / 20));
        PrintWriter w = spec.commandLine().getOut();
        double pitched = 0;
        double stable = 0;
        int mostlyStable = 0;
        for (Path file : files) {
            float[] mono = ModelRateAudio.toMono(AudioFiles.read(file), rate);
            int start = (int) Math.round(from * rate);
            int end =
                    seconds == null
                            ? mono.length
                            : Math.min(mono.length, start + (int) Math.round(seconds * rate));
            if (end - start < track.frameSize()) {
                throw new ParameterException(
                        spec.commandLine(),
                        String.format(
                                Locale.ROOT,
                                "%s: %.2f s long, no whole %d-sample frame from %.2f s on",
                                file,
                                mono.length / (double) rate,
                                track.frameSize(),
                                from));
            }
            PitchReport r = track.analyze(mono, start, end - start, null);
            w.println(
                    PitchReportLine.format(
                            String.format(
                                    Locale.ROOT,
                                    "%s, %.2f-%.2f s",
                                    file,
                                    start / (double) rate,
                                    end / (double) rate),
                            r));
            if (levelSeconds != null) {
                w.println(levels(mono, start, end));
            }
            pitched += r.pitchedFraction();
            stable += r.stableFraction();
            mostlyStable += r.stableFraction() >= 0.5 ? 1 : 0;
        }
        int n = files.size();
        w.printf(
                Locale.ROOT,
                "%d files: mean %.1f %% pitched, mean %.1f %% stable; %d of %d are >= 50 %% stable%n",
                n,
                100 * pitched / n,
                100 * stable / n,
                mostlyStable,
                n);
        return 0;
    }

    /** {@code  levels (RMS dBFS per S s): L1 L2 ...}: the whole windows from {@code start} on. */
    private String levels(float[] mono, int start, int end) {
        int window = (int) Math.round(levelSeconds * rate);
        StringBuilder line =
                new StringBuilder(
                        String.format(Locale.ROOT, "  levels (RMS dBFS per %s s):", levelSeconds));
        for (int from = start; from + window <= end; from += window) {
            double energy = 0;
            for (int i = from; i < from + window; i++) {
                energy += (double) mono[i] * mono[i];
            }
            double db = 10 * Math.log10(energy / window);
            line.append(Double.isInfinite(db) ? " -inf" : String.format(Locale.ROOT, " %.0f", db));
        }
        return line.toString();
    }
}
