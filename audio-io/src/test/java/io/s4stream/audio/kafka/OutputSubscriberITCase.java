package io.s4stream.audio.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.s4stream.audio.event.ClassificationEvent;
import io.s4stream.audio.file.AudioFiles;
import io.s4stream.audio.file.DecodedAudio;
import io.s4stream.audio.record.AudioHeaders;
import io.s4stream.audio.record.PcmCodec;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

class OutputSubscriberITCase {
    private static EmbeddedKafka kafka;

    @TempDir Path dir;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(2, "out-events", "out-stop");
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    static float[] melody(int frames, int rate) {
        float[] s = new float[frames];
        for (int i = 0; i < frames; i++) {
            s[i] = (float) (0.5 * Math.sin(2 * Math.PI * (220 + i / 100.0) * i / rate));
        }
        return s;
    }

    @Test
    void handsEventsToTheListenerAndWritesContinuationAudioAtItsEnd() throws Exception {
        float[] generated = melody(30_000, 44_100);
        try (KafkaProducer<byte[], byte[]> p =
                KafkaTestClients.producer(kafka.bootstrapServers())) {
            p.send(
                    OutputRecords.eventRecord(
                            "out-events", OutputRecords.event("x", 0, 22050, false)));
            for (ProducerRecord<byte[], byte[]> r :
                    OutputRecords.continuation("out-events", "x", generated, 44_100, 4410)) {
                p.send(r);
            }
            ProducerRecord<byte[], byte[]> broken =
                    new ProducerRecord<>(
                            "out-events",
                            "x".getBytes(StandardCharsets.UTF_8),
                            "{\"type\":\"classification\"".getBytes(StandardCharsets.UTF_8));
            broken.headers().add(AudioHeaders.KIND, "event".getBytes(StandardCharsets.UTF_8));
            p.send(broken);
            p.send(
                    OutputRecords.eventRecord(
                            "out-events", OutputRecords.event("x", 0, 44100, true)));
        }
        List<ClassificationEvent> events = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        OutputSubscriber subscriber =
                new OutputSubscriber(
                        SubscriberSettings.builder()
                                .bootstrapServers(kafka.bootstrapServers())
                                .topic("out-events")
                                .startPosition(StartPosition.EARLIEST)
                                .audioDir(dir.resolve("audio"))
                                .untilFinalEvents(1)
                                .untilAudioFiles(1)
                                .timeout(Duration.ofSeconds(60))
                                .build());
        SubscribeResult result =
                subscriber.run(
                        new OutputListener() {
                            @Override
                            public void onEvent(ClassificationEvent event, String json) {
                                assertThat(json).startsWith("{\"type\":\"classification\"");
                                events.add(event);
                            }

                            @Override
                            public void onAudioFile(String s, Path file, long frames, int rate) {
                                assertThat(frames).isEqualTo(30_000);
                                files.add(file);
                            }

                            @Override
                            public void onInvalidRecord(String streamId, String reason) {
                                invalid.add(reason);
                            }
                        });

        assertThat(result.conditionsMet()).isTrue();
        assertThat(result.events()).isEqualTo(2);
        assertThat(result.finalEvents()).isEqualTo(1);
        assertThat(result.invalidRecords()).isEqualTo(1);
        assertThat(invalid.get(0)).contains("not valid JSON");
        assertThat(events).extracting(ClassificationEvent::finalEvent).containsExactly(false, true);
        Path wav = dir.resolve("audio").resolve("x.wav");
        assertThat(files).containsExactly(wav);
        assertThat(result.audioFiles()).containsExactly(wav);
        assertThat(Files.list(dir.resolve("audio"))).containsExactly(wav);

        DecodedAudio written = AudioFiles.read(wav);
        assertThat(written.sampleRate()).isEqualTo(44_100);
        assertThat(written.channels()).isEqualTo(1);
        float[] expected = new float[generated.length];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = PcmCodec.roundTripS16(generated[i]);
        }
        assertThat(written.interleaved()).containsExactly(expected);
    }

    @Test
    void stopEndsARunWithoutConditions() throws Exception {
        OutputSubscriber subscriber =
                new OutputSubscriber(
                        SubscriberSettings.builder()
                                .bootstrapServers(kafka.bootstrapServers())
                                .topic("out-stop")
                                .startPosition(StartPosition.EARLIEST)
                                .build());
        CountDownLatch seen = new CountDownLatch(1);
        CompletableFuture<SubscribeResult> run =
                CompletableFuture.supplyAsync(
                        () ->
                                subscriber.run(
                                        new OutputListener() {
                                            @Override
                                            public void onEvent(ClassificationEvent e, String j) {
                                                seen.countDown();
                                            }
                                        }));
        try (KafkaProducer<byte[], byte[]> p =
                KafkaTestClients.producer(kafka.bootstrapServers())) {
            p.send(OutputRecords.eventRecord("out-stop", OutputRecords.event("y", 0, 100, false)));
        }
        assertThat(seen.await(60, TimeUnit.SECONDS)).isTrue();
        subscriber.stop();
        SubscribeResult result = run.get(60, TimeUnit.SECONDS);
        assertThat(result.events()).isEqualTo(1);
        assertThat(result.conditionsMet()).isFalse();
    }
}
