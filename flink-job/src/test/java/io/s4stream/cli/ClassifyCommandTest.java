package io.s4stream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.s4stream.audio.event.ClassificationEvent;
import io.s4stream.audio.event.ClassificationEventJson;
import io.s4stream.audio.file.AudioFiles;
import io.s4stream.audio.file.DecodedAudio;
import io.s4stream.job.InferenceSettings;
import io.s4stream.job.inference.FileClassifier;
import io.s4stream.job.testing.TestAudio;
import io.s4stream.job.testing.TestModels;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

class ClassifyCommandTest {

    @TempDir Path dir;

    @Test
    void printsTheJobsEventsAsJsonLinesNamedAfterTheFiles() throws Exception {
        DecodedAudio a = TestAudio.tone(48_000, 2, 0.7, 300, 5);
        DecodedAudio b = TestAudio.tone(22_050, 1, 0.4, 500, 6);
        AudioFiles.writeWav(dir.resolve("first.wav"), a);
        AudioFiles.writeWav(dir.resolve("second.take.wav"), b);
        StringWriter out = new StringWriter();
        CommandLine cli = S4StreamCli.commandLine().setOut(new PrintWriter(out));
        int code =
                cli.execute(
                        "classify",
                        "--json",
                        "--model",
                        TestModels.classifier().toString(),
                        "--chunk-size",
                        "256",
                        "--hop-seconds",
                        "0.2",
                        dir.resolve("first.wav").toString(),
                        dir.resolve("second.take.wav").toString());
        assertThat(code).isZero();
        List<ClassificationEvent> printed = new ArrayList<>();
        out.toString().lines().map(ClassificationEventJson::parse).forEach(printed::add);

        List<ClassificationEvent> expected = new ArrayList<>();
        InferenceSettings s =
                InferenceSettings.builder()
                        .modelDir(TestModels.classifier())
                        .chunkSize(256)
                        .hopSeconds(0.2)
                        .build();
        try (FileClassifier files = new FileClassifier(s)) {
            files.classify("first", AudioFiles.read(dir.resolve("first.wav")), expected::add);
            files.classify(
                    "second.take", AudioFiles.read(dir.resolve("second.take.wav")), expected::add);
        }
        assertThat(printed).isEqualTo(expected);
        assertThat(printed).filteredOn(ClassificationEvent::finalEvent).hasSize(2);
    }

    @Test
    void aTableByDefaultAndExitCodeOneForAFileThatCannotBeRead() throws Exception {
        AudioFiles.writeWav(dir.resolve("ok.wav"), TestAudio.tone(44_100, 1, 0.3, 200, 7));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli =
                S4StreamCli.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        int code =
                cli.execute(
                        "classify",
                        "--model",
                        TestModels.classifier().toString(),
                        dir.resolve("missing.wav").toString(),
                        dir.resolve("ok.wav").toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("missing.wav");
        assertThat(out.toString().lines().findFirst().orElseThrow())
                .startsWith("STREAM")
                .contains("TOP-K");
        assertThat(out.toString()).contains("ok ").contains("final");
    }

    @Test
    void truthScoresTheFinalEventsAndWritesTheConfusionPicture() throws Exception {
        AudioFiles.writeWav(dir.resolve("x.wav"), TestAudio.tone(44_100, 1, 0.5, 220, 8));
        AudioFiles.writeWav(dir.resolve("y.wav"), TestAudio.tone(16_000, 1, 0.5, 880, 9));
        List<String> labels;
        List<ClassificationEvent> finals = new ArrayList<>();
        InferenceSettings s = InferenceSettings.builder().modelDir(TestModels.classifier()).build();
        try (FileClassifier files = new FileClassifier(s)) {
            labels = files.manifest().labels();
            for (String name : List.of("x", "y")) {
                files.classify(name, AudioFiles.read(dir.resolve(name + ".wav")), e -> {
                    if (e.finalEvent()) {
                        finals.add(e);
                    }
                });
            }
        }
        // x is labelled with its own prediction, y with a label it was not given: accuracy 1/2.
        String wrong = labels.stream().filter(l -> !l.equals(finals.get(1).label())).findFirst()
                .orElseThrow();
        java.nio.file.Files.writeString(dir.resolve("truth.csv"),
                "label,file\n" + finals.get(0).label() + ",x.wav\n" + wrong + ",y.wav\n");
        StringWriter out = new StringWriter();
        int code = S4StreamCli.commandLine().setOut(new PrintWriter(out)).execute(
                "classify", "--model", TestModels.classifier().toString(),
                "--truth", dir.resolve("truth.csv").toString(),
                "--confusion-svg", dir.resolve("m.svg").toString(),
                dir.resolve("x.wav").toString(), dir.resolve("y.wav").toString());
        assertThat(code).isZero();
        assertThat(out.toString()).startsWith("clip accuracy: 0.5000 (2 clips)")
                .contains("confusion matrix (rows true, columns predicted):")
                .doesNotContain("STREAM");
        assertThat(java.nio.file.Files.readString(dir.resolve("m.svg")))
                .contains("clip accuracy 50.0 % over 2 clips");
    }

    @Test
    void aFileMissingFromTheTruthIsAnError() throws Exception {
        AudioFiles.writeWav(dir.resolve("z.wav"), TestAudio.tone(44_100, 1, 0.3, 200, 7));
        java.nio.file.Files.writeString(dir.resolve("t.csv"), "file,label\nother.wav,organ\n");
        StringWriter err = new StringWriter();
        int code = S4StreamCli.commandLine().setErr(new PrintWriter(err)).execute(
                "classify", "--model", TestModels.classifier().toString(),
                "--truth", dir.resolve("t.csv").toString(), dir.resolve("z.wav").toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("z.wav: not listed in");
    }
}
