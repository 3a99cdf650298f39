package io.s4stream.audio.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.s4stream.audio.file.AudioFiles;
import io.s4stream.audio.file.DecodedAudio;
import io.s4stream.audio.record.AudioChunk;
import io.s4stream.audio.record.AudioEncoding;
import io.s4stream.audio.record.AudioHeaders;
import io.s4stream.audio.record.AudioRecordCodec;
import io.s4stream.audio.record.PcmCodec;
import io.s4stream.audio.record.RecordKind;
import io.s4stream.audio.source.DecodedAudioSource;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

class AudioPublisherITCase {
    private static EmbeddedKafka kafka;
    private final AudioRecordCodec codec = new AudioRecordCodec();

    @TempDir Path dir;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(3, "audio-two-files", "audio-f32", "audio-paced");
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    static float[] tone(int frames, int channels, double freq, int rate) {
        float[] s = new float[frames * channels];
        for (int i = 0; i < frames; i++) {
            for (int c = 0; c < channels; c++) {
                s[i * channels + c] =
                        (float) (0.6 * Math.sin(2 * Math.PI * freq * (c + 1) * i / rate));
            }
        }
        return s;
    }

    private static boolean bothEnded(List<ConsumerRecord<byte[], byte[]>> records, int streams) {
        return records.stream().filter(r -> "true".equals(header(r, AudioHeaders.EOS))).count()
                >= streams;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void twoFilesArriveInOrderWithEndOfStreamHeadersAndS16Samples() {
        Path a = dir.resolve("a.wav");
        Path b = dir.resolve("b.wav");
        AudioFiles.writeWav(a, tone(22_722, 2, 440, 22_050), 22_050, 2);
        AudioFiles.writeWav(b, tone(22_050, 1, 1000, 44_100), 44_100, 1);
        DecodedAudio audioA = AudioFiles.read(a);
        DecodedAudio audioB = AudioFiles.read(b);

        PublisherSettings settings =
                PublisherSettings.builder()
                        .bootstrapServers(kafka.bootstrapServers())
                        .topic("audio-two-files")
                        .pace(Pace.FAST)
                        .build();
        List<PublishProgress> progress = new ArrayList<>();
        try (AudioPublisher publisher = new AudioPublisher(settings)) {
            PublishResult ra =
                    publisher.publish("a", new DecodedAudioSource(audioA), 0, progress::add);
            PublishResult rb = publisher.publish("b", audioB);
            assertThat(ra.records()).isEqualTo(12); // 10 full chunks of 2205 frames, 1 partial, eos
            assertThat(ra.frames()).isEqualTo(22_722);
            assertThat(rb.records()).isEqualTo(6); // 5 chunks of 4410 frames, eos
        }
        assertThat(progress).hasSize(12);
        assertThat(progress.get(11).endOfStream()).isTrue();
        assertThat(progress.get(10).framesSent()).isEqualTo(22_722);

        List<ConsumerRecord<byte[], byte[]>> records =
                KafkaTestClients.readUntil(
                        kafka.bootstrapServers(),
                        "audio-two-files",
                        r -> bothEnded(r, 2),
                        Duration.ofSeconds(60));
        Map<String, List<ConsumerRecord<byte[], byte[]>>> byStream =
                records.stream()
                        .collect(
                                Collectors.groupingBy(
                                        r -> new String(r.key(), StandardCharsets.UTF_8)));
        assertThat(byStream).containsOnlyKeys("a", "b");

        checkStream(byStream.get("a"), audioA, 2205);
        checkStream(byStream.get("b"), audioB, 4410);
    }

    private void checkStream(
            List<ConsumerRecord<byte[], byte[]>> records, DecodedAudio original, int chunkFrames) {
        assertThat(records.stream().map(ConsumerRecord::partition).distinct()).hasSize(1);
        List<AudioChunk> chunks = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            assertThat(header(r, AudioHeaders.SAMPLE_RATE))
                    .isEqualTo(Integer.toString(original.sampleRate()));
            assertThat(header(r, AudioHeaders.CHANNELS))
                    .isEqualTo(Integer.toString(original.channels()));
            assertThat(header(r, AudioHeaders.ENCODING)).isEqualTo("s16le");
            assertThat(header(r, AudioHeaders.KIND)).isEqualTo("audio");
            assertThat(header(r, AudioHeaders.CONTINUE_SECONDS)).isNull();
            chunks.add(codec.decode(r.key(), r.value(), r.headers()));
        }
        for (int i = 0; i < chunks.size(); i++) {
            AudioChunk c = chunks.get(i);
            assertThat(c.seq()).isEqualTo(i);
            assertThat(c.endOfStream()).isEqualTo(i == chunks.size() - 1);
            assertThat(c.kind()).isEqualTo(RecordKind.AUDIO);
            if (i < chunks.size() - 2) {
                assertThat(c.frameCount()).isEqualTo(chunkFrames);
            }
        }
        assertThat(chunks.get(chunks.size() - 1).frameCount()).isZero();

        float[] expected = original.interleaved();
        float[] got = new float[expected.length];
        int p = 0;
        for (AudioChunk c : chunks) {
            c.copySamples(got, p);
            p += c.sampleCount();
        }
        assertThat(p).isEqualTo(expected.length);
        for (int i = 0; i < expected.length; i++) {
            expected[i] = PcmCodec.roundTripS16(expected[i]);
        }
        assertThat(got).containsExactly(expected);
    }

    @Test
    void f32RecordsAreExactAndTheEndAsksForAContinuation() {
        float[] samples = tone(1600, 1, 300, 16_000);
        samples[5] = 1.7f; // clamped, counted
        PublisherSettings settings =
                PublisherSettings.builder()
                        .bootstrapServers(kafka.bootstrapServers())
                        .topic("audio-f32")
                        .pace(Pace.FAST)
                        .encoding(AudioEncoding.F32LE)
                        .chunkMillis(40)
                        .build();
        PublishResult result;
        try (AudioPublisher publisher = new AudioPublisher(settings)) {
            result =
                    publisher.publish(
                            "piano/1",
                            new DecodedAudioSource(new DecodedAudio(samples, 16_000, 1)),
                            5,
                            PublishListener.NONE);
        }
        assertThat(result.clippedSamples()).isEqualTo(1);
        assertThat(result.records()).isEqualTo(1600 / 640 + 1 + 1);

        List<ConsumerRecord<byte[], byte[]>> records =
                KafkaTestClients.readUntil(
                        kafka.bootstrapServers(),
                        "audio-f32",
                        r -> bothEnded(r, 1),
                        Duration.ofSeconds(60));
        ConsumerRecord<byte[], byte[]> last = records.get(records.size() - 1);
        assertThat(header(last, AudioHeaders.CONTINUE_SECONDS)).isEqualTo("5");
        AudioChunk eos = codec.decode(last.key(), last.value(), last.headers());
        assertThat(eos.continueSeconds()).isEqualTo(5.0);
        assertThat(eos.streamId()).isEqualTo("piano/1");

        float[] got = new float[samples.length];
        int p = 0;
        for (ConsumerRecord<byte[], byte[]> r : records) {
            AudioChunk c = codec.decode(r.key(), r.value(), r.headers());
            assertThat(c.encoding()).isEqualTo(AudioEncoding.F32LE);
            c.copySamples(got, p);
            p += c.sampleCount();
        }
        samples[5] = 1f;
        assertThat(got).containsExactly(samples);
    }

    /** A clock whose sleeps take no real time; one send "takes" 250 ms after the third wake-up. */
    private static final class FakeClock implements PaceClock {
        static final long START = 5_000_000_000L;
        long now = START;
        final List<Long> wakeMillis = new ArrayList<>();

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepNanos(long nanos) {
            now += nanos;
            wakeMillis.add((now - START) / 1_000_000);
            if (wakeMillis.size() == 3) {
                now += 250_000_000L;
            }
        }
    }

    @Test
    void realTimePaceSleepsToTheAudioClockWithoutDrift() {
        FakeClock clock = new FakeClock();
        PublisherSettings settings =
                PublisherSettings.builder()
                        .bootstrapServers(kafka.bootstrapServers())
                        .topic("audio-paced")
                        .pace(Pace.REAL_TIME)
                        .build();
        try (AudioPublisher publisher = new AudioPublisher(settings, clock)) {
            publisher.publish("paced", new DecodedAudio(tone(16_000, 1, 200, 16_000), 16_000, 1));
        }
        // chunk k leaves at k * 100 ms; after the 250 ms stall the schedule catches up
        assertThat(clock.wakeMillis)
                .containsExactly(100L, 200L, 300L, 600L, 700L, 800L, 900L, 1000L);
    }
}
