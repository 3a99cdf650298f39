package io.s4stream.audio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.s4stream.audio.event.ClassificationEvent;
import io.s4stream.audio.event.LabelScore;
import io.s4stream.audio.kafka.PublishProgress;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

class CommandsTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int publish(String... args) {
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        CommandLine cl =
                new CommandLine(new PublishCommand(o, e, new ByteArrayInputStream(new byte[0])));
        cl.setOut(new java.io.PrintWriter(o, true));
        cl.setErr(new java.io.PrintWriter(e, true));
        return cl.execute(args);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void publishNeedsAnInput() {
        assertThat(publish()).isEqualTo(2);
        assertThat(err()).contains("missing FILE|- (or --mic)");
    }

    @Test
    void stdinNeedsARate() {
        assertThat(publish("-")).isEqualTo(2);
        assertThat(err()).contains("needs --raw-rate");
    }

    @Test
    void secondsIsForTheMicrophone() {
        assertThat(publish("a.wav", "--seconds", "3")).isEqualTo(2);
        assertThat(err()).contains("--seconds applies to --mic only");
    }

    @Test
    void badEncodingIsRejectedByName() {
        assertThat(publish("a.wav", "--encoding", "mp3")).isEqualTo(2);
        assertThat(err()).contains("Unknown audio encoding 'mp3', expected one of [s16le, f32le]");
    }

    @Test
    void continueSecondsIsRangeChecked() {
        assertThat(publish("a.wav", "--continue-seconds", "90")).isEqualTo(2);
        assertThat(err()).contains("--continue-seconds must be in (0, 60]");
    }

    @Test
    void aMissingFileFailsBeforeAnyKafkaConnection() {
        assertThat(publish("/nonexistent/x.wav", "--bootstrap-servers", "localhost:1"))
                .isEqualTo(1);
        assertThat(err()).contains("publish: no such audio file: /nonexistent/x.wav");
    }

    @Test
    void stdinEndingInsideAFrameIsAnError() {
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        int code =
                new CommandLine(new PublishCommand(o, e, new ByteArrayInputStream(new byte[3])))
                        .execute(
                                "-",
                                "--raw-rate",
                                "8000",
                                "--bootstrap-servers",
                                "localhost:1",
                                "--no-progress");
        assertThat(code).isEqualTo(1);
        assertThat(err()).contains("raw PCM ended with 1 bytes, not a whole 2-byte frame");
    }

    @Test
    void subscribeUntilAudioNeedsADirectory() {
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        int code = new CommandLine(new SubscribeCommand(o, e)).execute("--until-audio", "1");
        assertThat(code).isEqualTo(1);
        assertThat(err()).contains("waiting for audio files needs an audio dir");
    }

    @Test
    void progressLineShowsABarWhenTheTotalIsKnown() {
        assertThat(ProgressBar.render(new PublishProgress("piano", 4, 22050, 44100, 44100, false)))
                .isEqualTo("piano [###############---------------] 0.5 / 1.0 s  seq 4");
        assertThat(ProgressBar.render(new PublishProgress("mic", 9, 88200, -1, 44100, true)))
                .isEqualTo("mic 2.0 s  seq 9  end of stream");
    }

    @Test
    void eventTableRowsAreAligned() {
        ClassificationEvent e =
                new ClassificationEvent(
                        "a-very-long-stream-name",
                        "m",
                        "1",
                        22050,
                        44100,
                        44100,
                        "keyboard",
                        0.8312,
                        List.of(
                                new LabelScore("keyboard", 0.8312), new LabelScore("guitar", 0.1),
                                new LabelScore("brass", 0.05), new LabelScore("vocal", 0.01)),
                        true);
        String header = EventTable.header();
        String row = EventTable.row(e);
        assertThat(row)
                .startsWith("a-very-long-str~ final 0.50-1.00 s")
                .contains("keyboard 0.83, guitar 0.10, brass 0.05")
                .doesNotContain("vocal");
        assertThat(row.indexOf("keyboard")).isEqualTo(header.indexOf("LABEL"));
        assertThat(row.indexOf("0.831")).isEqualTo(header.indexOf("SCORE"));
    }
}
