package io.s4stream.audio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.s4stream.audio.event.ClassificationEventJson;
import io.s4stream.audio.file.AudioFiles;
import io.s4stream.audio.kafka.EmbeddedKafka;
import io.s4stream.audio.kafka.KafkaTestClients;
import io.s4stream.audio.kafka.OutputRecords;
import io.s4stream.audio.record.AudioEncoding;
import io.s4stream.audio.record.AudioHeaders;
import io.s4stream.audio.record.PcmCodec;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

class CliITCase {
    private static EmbeddedKafka kafka;

    @TempDir Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(1, "cli-audio", "cli-stdin", "cli-events");
        try (KafkaProducer<byte[], byte[]> p =
                KafkaTestClients.producer(kafka.bootstrapServers())) {
            p.send(
                    OutputRecords.eventRecord(
                            "cli-events", OutputRecords.event("song", 0, 22050, false)));
            for (ProducerRecord<byte[], byte[]> r :
                    OutputRecords.continuation(
                            "cli-events", "song", new float[] {0.5f, -0.25f}, 8000, 1)) {
                p.send(r);
            }
            p.send(
                    OutputRecords.eventRecord(
                            "cli-events", OutputRecords.event("song", 0, 88200, true)));
        }
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    private int run(Object command, String... args) {
        return new CommandLine(command).execute(args);
    }

    private PrintStream o() {
        return new PrintStream(out, true, StandardCharsets.UTF_8);
    }

    private PrintStream e() {
        return new PrintStream(err, true, StandardCharsets.UTF_8);
    }

    private static boolean ended(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream()
                .anyMatch(
                        r ->
                                new String(
                                                r.headers().lastHeader(AudioHeaders.EOS).value(),
                                                StandardCharsets.UTF_8)
                                        .equals("true"));
    }

    @Test
    void publishAWavFileFast() {
        Path wav = dir.resolve("tone.wav");
        float[] s = new float[8000];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) (0.3 * Math.sin(i * 0.1));
        }
        AudioFiles.writeWav(wav, s, 16_000, 1);
        int code =
                run(
                        new PublishCommand(o(), e(), InputStream.nullInputStream()),
                        wav.toString(),
                        "--bootstrap-servers",
                        kafka.bootstrapServers(),
                        "--topic",
                        "cli-audio",
                        "--fast",
                        "--chunk-ms",
                        "50",
                        "--continue-seconds",
                        "4");
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .startsWith("published stream tone: 0.50 s (16000 Hz, 1 ch) in 11 records");
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("tone [####")
                .contains("end of stream");

        List<ConsumerRecord<byte[], byte[]>> records =
                KafkaTestClients.readUntil(
                        kafka.bootstrapServers(),
                        "cli-audio",
                        CliITCase::ended,
                        Duration.ofSeconds(60));
        assertThat(records).hasSize(11);
        ConsumerRecord<byte[], byte[]> last = records.get(10);
        assertThat(new String(last.key(), StandardCharsets.UTF_8)).isEqualTo("tone");
        assertThat(
                        new String(
                                last.headers().lastHeader(AudioHeaders.CONTINUE_SECONDS).value(),
                                StandardCharsets.UTF_8))
                .isEqualTo("4");
    }

    @Test
    void publishRawF32FromStdinAsS16() {
        float[] s = {0.5f, -0.5f, 0.25f, 0f, 0.125f, -1f};
        byte[] raw = new byte[s.length * 4];
        PcmCodec.encode(s, 0, s.length, AudioEncoding.F32LE, raw, 0);
        int code =
                run(
                        new PublishCommand(o(), e(), new ByteArrayInputStream(raw)),
                        "-",
                        "--raw-rate",
                        "8000",
                        "--raw-channels",
                        "2",
                        "--raw-encoding",
                        "f32le",
                        "--bootstrap-servers",
                        kafka.bootstrapServers(),
                        "--topic",
                        "cli-stdin",
                        "--fast",
                        "--no-progress");
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        List<ConsumerRecord<byte[], byte[]>> records =
                KafkaTestClients.readUntil(
                        kafka.bootstrapServers(),
                        "cli-stdin",
                        CliITCase::ended,
                        Duration.ofSeconds(60));
        assertThat(records).hasSize(2);
        assertThat(new String(records.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("stdin");
        assertThat(records.get(0).value()).hasSize(12); // 3 stereo frames of s16le
    }

    @Test
    void subscribePrintsATableAndWritesAudio() throws Exception {
        Path audio = dir.resolve("out");
        int code =
                run(
                        new SubscribeCommand(o(), e()),
                        "--bootstrap-servers",
                        kafka.bootstrapServers(),
                        "--topic",
                        "cli-events",
                        "--from-beginning",
                        "--until-final",
                        "1",
                        "--audio-dir",
                        audio.toString(),
                        "--until-audio",
                        "1",
                        "--timeout-s",
                        "60");
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\\R");
        assertThat(lines[0]).startsWith("STREAM").contains("LABEL").contains("TOP-3");
        assertThat(lines[1]).startsWith("song             hop   0.00-0.50 s       keyboard");
        assertThat(lines).anyMatch(l -> l.startsWith("song             final 0.00-2.00 s"));
        assertThat(lines).anyMatch(l -> l.startsWith("wrote " + audio.resolve("song.wav")));
        assertThat(AudioFiles.read(audio.resolve("song.wav")).interleaved())
                .containsExactly(0.5f, -0.25f);
    }

    @Test
    void subscribeJsonPrintsTheRecordValues() {
        int code =
                run(
                        new SubscribeCommand(o(), e()),
                        "--bootstrap-servers",
                        kafka.bootstrapServers(),
                        "--topic",
                        "cli-events",
                        "--from-beginning",
                        "--until-final",
                        "1",
                        "--json",
                        "--timeout-s",
                        "60");
        assertThat(code).isZero();
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\\R");
        assertThat(lines).hasSize(2);
        assertThat(lines[0])
                .isEqualTo(
                        ClassificationEventJson.toJson(
                                OutputRecords.event("song", 0, 22050, false)));
        assertThat(ClassificationEventJson.parse(lines[1]).finalEvent()).isTrue();
    }

    @Test
    void subscribeTimesOutWithStatusTwo() throws Exception {
        int code =
                run(
                        new SubscribeCommand(o(), e()),
                        "--bootstrap-servers",
                        kafka.bootstrapServers(),
                        "--topic",
                        "cli-events",
                        "--from-beginning",
                        "--until-final",
                        "3",
                        "--timeout-s",
                        "3");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("stopped with 1/3 final events");
        assertThat(Files.exists(dir.resolve("song.wav"))).isFalse();
    }
}
