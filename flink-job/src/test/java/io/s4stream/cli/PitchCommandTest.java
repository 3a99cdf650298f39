package io.s4stream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.s4stream.audio.file.AudioFiles;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

class PitchCommandTest {
    @TempDir Path dir;

    /** {@code toneSeconds} of a 330 Hz tone with two partials, then {@code silentSeconds} of silence. */
    private Path toneThenSilence(String name, int rate, double toneSeconds, double silentSeconds) {
        float[] x = new float[(int) Math.round((toneSeconds + silentSeconds) * rate)];
        for (int i = 0; i < Math.round(toneSeconds * rate); i++) {
            double t = (double) i / rate;
            x[i] = (float) (0.2 * Math.sin(2 * Math.PI * 330 * t) + 0.1 * Math.sin(2 * Math.PI * 660 * t));
        }
        Path p = dir.resolve(name);
        AudioFiles.writeWav(p, x, rate, 1);
        return p;
    }

    private int execute(StringWriter out, StringWriter err, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "pitch";
        System.arraycopy(args, 0, all, 1, args.length);
        return S4StreamCli.commandLine()
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute(all);
    }

    private List<String> run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(execute(out, err, args)).as(err.toString()).isZero();
        return out.toString().lines().toList();
    }

    @Test
    void measuresTheRequestedStretchOfEachFileAndTheMeanOverThem() {
        Path a = toneThenSilence("a.wav", 16_000, 1, 1);
        Path b = toneThenSilence("b.wav", 44_100, 2, 0);

        List<String> whole = run(a.toString(), b.toString());
        assertThat(whole).hasSize(3);
        assertThat(whole.get(0)).startsWith("pitch track of " + a + ", 0.00-2.00 s (TarsosDSP YIN, 2048-sample frames)");
        int stableA = stablePercent(whole.get(0));
        assertThat(stableA).isBetween(40, 50); // the tone half, less the frames that straddle its end
        // every frame pitched; stable needs a pitched frame before it, so the first one is not
        assertThat(whole.get(1)).contains("85 frames, 100 % pitched, 99 % stable").contains("median 330 Hz (E4)");
        assertThat(whole.get(2)).matches("2 files: mean [\\d.]+ % pitched, mean [\\d.]+ % stable; 1 of 2 are >= 50 % stable");

        List<String> tail = run("--from", "1", a.toString());
        assertThat(tail.get(0)).contains(", 1.00-2.00 s").contains("0 % pitched, 0 % stable");
        assertThat(tail.get(1)).isEqualTo("1 files: mean 0.0 % pitched, mean 0.0 % stable; 0 of 1 are >= 50 % stable");

        List<String> head = run("--seconds", "0.9", a.toString());
        assertThat(head.get(0)).contains(", 0.00-0.90 s").contains("100 % pitched");
        assertThat(stablePercent(head.get(0))).isGreaterThanOrEqualTo(90);
    }

    @Test
    void levelsArePrintedPerWindowUnderEachFilesLine() {
        Path a = toneThenSilence("a.wav", 44_100, 1, 0.5); // RMS 0.158 (-16 dBFS) for 1 s, then silence
        List<String> lines = run("--levels", "0.25", a.toString());
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("pitch track of " + a);
        assertThat(lines.get(1)).isEqualTo("  levels (RMS dBFS per 0.25 s): -16 -16 -16 -16 -inf -inf");
        assertThat(run("--levels", "0.4", "--from", "0.2", a.toString()).get(1))
                .isEqualTo("  levels (RMS dBFS per 0.4 s): -16 -16 -inf"); // 0.2-0.6-1.0-1.4 s, whole windows
        StringWriter err = new StringWriter();
        assertThat(execute(new StringWriter(), err, "--levels", "0", a.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--levels of at least one sample");
    }

    @Test
    void theGateLeavesTonesQuieterThanItUnpitched() {
        Path a = toneThenSilence("a.wav", 44_100, 1, 0); // RMS 0.158, -16 dBFS
        assertThat(run("--gate", "-20", a.toString()).get(0)).contains("100 % pitched");
        assertThat(run("--gate", "-12", a.toString()).get(0)).contains("0 % pitched, 0 % stable");
        StringWriter err = new StringWriter();
        assertThat(execute(new StringWriter(), err, "--gate", "3", a.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--gate <= 0");
    }

    @Test
    void aStretchShorterThanOneFrameIsAUsageError() {
        Path a = toneThenSilence("a.wav", 16_000, 1, 0);
        StringWriter err = new StringWriter();
        assertThat(execute(new StringWriter(), err, "--from", "0.99", a.toString())).isEqualTo(2);
        assertThat(err.toString()).contains(a + ": 1.00 s long, no whole 2048-sample frame from 0.99 s on");
    }

    private static int stablePercent(String line) {
        return Integer.parseInt(line.replaceAll(".* (\\d+) % stable.*", "$1"));
    }
}
