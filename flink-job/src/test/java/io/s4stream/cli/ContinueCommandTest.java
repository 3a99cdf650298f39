package io.s4stream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.s4stream.audio.file.AudioFiles;
import io.s4stream.audio.pitch.PitchTrack;
import io.s4stream.job.testing.TestModels;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

class ContinueCommandTest {
    private static final Pattern LINE =
            Pattern.compile(
                    "pitch track of (.+) \\(TarsosDSP YIN, (\\d+)-sample frames\\): (\\d+) frames,"
                            + " (\\d+) % pitched, (\\d+) % stable \\(within 50 cents\\),"
                            + " (median (\\d+) Hz \\((\\S+)\\)|median n/a \\(no pitched frame\\))");

    @TempDir Path dir;

    /** A one-second A4 at 16 kHz with four decaying partials, like a struck string. */
    private Path pianoLikePrompt() {
        int rate = TestModels.GENERATOR_RATE;
        float[] x = new float[rate];
        for (int k = 1; k <= 4; k++) {
            for (int i = 0; i < x.length; i++) {
                double t = (double) i / rate;
                x[i] +=
                        (float)
                                (0.3
                                        / k
                                        * Math.exp(-(1 + k) * t)
                                        * Math.sin(2 * Math.PI * 440 * k * t));
            }
        }
        Path p = dir.resolve("a4.wav");
        AudioFiles.writeWav(p, x, rate, 1);
        return p;
    }

    private List<String> run(String... extra) {
        StringWriter out = new StringWriter();
        assertThat(execute(out, new StringWriter(), extra)).isZero();
        return out.toString().lines().toList();
    }

    private int execute(StringWriter out, StringWriter err, String... extra) {
        CommandLine cli =
                S4StreamCli.commandLine()
                        .setOut(new PrintWriter(out))
                        .setErr(new PrintWriter(err));
        String[] args =
                new String[] {
                    "continue",
                    pianoLikePrompt().toString(),
                    "--model",
                    TestModels.generator().toString(),
                    "--seconds",
                    "0.5",
                    "--seed",
                    "1",
                    "--out",
                    dir.resolve("cont.wav").toString()
                };
        String[] all = new String[args.length + extra.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(extra, 0, all, args.length, extra.length);
        return cli.execute(all);
    }

    private float[] continuation(String... extra) {
        run(extra);
        return AudioFiles.read(dir.resolve("cont.wav")).interleaved();
    }

    @Test
    void nucleusSamplingIsSeededAndDiffersFromPlainSampling() {
        float[] nucleus = continuation("--top-p", "0.5");
        assertThat(continuation("--top-p", "0.5")).containsExactly(nucleus);
        assertThat(continuation("--top-p", "1")).isNotEqualTo(nucleus);
    }

    @Test
    void anOutOfRangeTopPIsAUsageError() {
        StringWriter err = new StringWriter();
        assertThat(execute(new StringWriter(), err, "--top-p", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("top-p must be in (0, 1], got 0.0");
        assertThat(dir.resolve("cont.wav")).doesNotExist();
    }

    @Test
    void pitchReportPrintsThePromptsTailThenTheContinuation() {
        List<String> lines = run("--pitch-report");

        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("Generated 0.50 s");
        int written = AudioFiles.read(dir.resolve("cont.wav")).frames();
        int frames = new PitchTrack(44_100).framesIn(written);
        assertThat(frames).isEqualTo(20);

        Matcher prompt = LINE.matcher(lines.get(1));
        assertThat(prompt.matches()).as(lines.get(1)).isTrue();
        assertThat(prompt.group(1)).isEqualTo("the prompt's last 0.50 s");
        assertThat(prompt.group(2)).isEqualTo("2048");
        assertThat(Integer.parseInt(prompt.group(3))).isEqualTo(frames);
        // The prompt is a clean decaying A4: pitched and stable throughout.
        assertThat(Integer.parseInt(prompt.group(4))).isEqualTo(100);
        assertThat(Integer.parseInt(prompt.group(5))).isGreaterThanOrEqualTo(90);
        assertThat(Integer.parseInt(prompt.group(7))).isBetween(436, 444);
        assertThat(prompt.group(8)).isEqualTo("A4");

        Matcher cont = LINE.matcher(lines.get(2));
        assertThat(cont.matches()).as(lines.get(2)).isTrue();
        assertThat(cont.group(1)).isEqualTo("the 0.50 s continuation");
        assertThat(Integer.parseInt(cont.group(3))).isEqualTo(frames);
        int pitched = Integer.parseInt(cont.group(4));
        int stable = Integer.parseInt(cont.group(5));
        assertThat(pitched).isBetween(0, 100);
        assertThat(stable).isBetween(0, pitched);
    }

    @Test
    void noPitchReportUnlessAsked() {
        assertThat(run()).hasSize(1).first().asString().startsWith("Generated 0.50 s");
    }
}
