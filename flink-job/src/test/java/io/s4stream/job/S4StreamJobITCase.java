package io.s4stream.job;

import static io.s4stream.job.testing.JobTopics.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.s4stream.audio.event.ClassificationEvent;
import io.s4stream.audio.event.ClassificationEventJson;
import io.s4stream.audio.file.DecodedAudio;
import io.s4stream.audio.kafka.EmbeddedKafka;
import io.s4stream.audio.record.AudioChunk;
import io.s4stream.audio.record.AudioEncoding;
import io.s4stream.audio.record.AudioHeaders;
import io.s4stream.audio.record.AudioRecordCodec;
import io.s4stream.job.inference.FileClassifier;
import io.s4stream.job.testing.JobTopics;
import io.s4stream.job.testing.TestAudio;
import io.s4stream.job.testing.TestCluster;
import io.s4stream.job.testing.TestModels;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The whole job against a real broker (in-JVM KRaft) on a Flink MiniCluster: interleaved streams at
 * three sample rates plus corrupted records in, events and dead letters out, under both delivery
 * guarantees. Continuations: {@link S4StreamContinuationITCase}.
 */
class S4StreamJobITCase {

    private static final int MAX_RECORD_BYTES = 64 * 1024;

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestCluster.twoSlots();

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    private static final Map<String, DecodedAudio> STREAMS = new LinkedHashMap<>();

    static {
        STREAMS.put("piano-44k", TestAudio.tone(44_100, 1, 1.7, 220, 11));
        STREAMS.put("strings-48k", TestAudio.tone(48_000, 2, 1.3, 440, 12));
        STREAMS.put("voice-16k", TestAudio.tone(16_000, 1, 2.1, 180, 13));
    }

    /** A corrupted record and the reason the job must give for it. */
    private record Corrupt(ProducerRecord<byte[], byte[]> record, String reason) {}

    @ParameterizedTest
    @EnumSource(
            value = DeliveryGuarantee.class,
            names = {"AT_LEAST_ONCE", "EXACTLY_ONCE"})
    void classifiesInterleavedStreamsAndDeadLettersCorruptRecords(DeliveryGuarantee guarantee)
            throws Exception {
        JobTopics topics = JobTopics.create(kafka, "-" + guarantee.name().toLowerCase());
        Configuration config = topics.jobConfig();
        config.set(S4StreamOptions.PARALLELISM, 2);
        config.set(S4StreamOptions.MAX_RECORD_BYTES, MAX_RECORD_BYTES);
        config.set(S4StreamOptions.DELIVERY_GUARANTEE, guarantee);
        S4StreamSettings settings = S4StreamSettings.fromConfiguration(config);

        JobClient job =
                S4StreamJob.kafka(settings)
                        .start(StreamExecutionEnvironment.getExecutionEnvironment());
        List<Corrupt> corrupt;
        List<ConsumerRecord<byte[], byte[]>> events;
        List<ConsumerRecord<byte[], byte[]>> deadLetters;
        try {
            corrupt = publish(topics.in());
            events =
                    topics.consume(job, topics.out(), records -> finals(records) >= STREAMS.size());
            deadLetters =
                    topics.consume(
                            job, topics.deadLetters(), records -> records.size() >= corrupt.size());
        } finally {
            job.cancel().get();
        }

        Map<String, List<ClassificationEvent>> byStream = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : events) {
            assertThat(header(r, AudioHeaders.KIND)).isEqualTo("event");
            ClassificationEvent e = ClassificationEventJson.parse(r.value());
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(e.streamId());
            byStream.computeIfAbsent(e.streamId(), k -> new ArrayList<>()).add(e);
        }
        assertThat(byStream).containsOnlyKeys(STREAMS.keySet());

        InferenceSettings inference = settings.inference();
        long hop = Math.round(inference.hopSeconds() * TestModels.SAMPLE_RATE);
        try (FileClassifier files = new FileClassifier(inference)) {
            for (var stream : STREAMS.entrySet()) {
                List<ClassificationEvent> got = byStream.get(stream.getKey());
                assertContiguousHopsThenFinal(got, hop);
                List<ClassificationEvent> expected = new ArrayList<>();
                files.classify(stream.getKey(), stream.getValue(), expected::add);
                assertThat(got).as(stream.getKey()).isEqualTo(expected);
            }
        }

        assertThat(deadLetters).hasSize(corrupt.size());
        for (int i = 0; i < corrupt.size(); i++) {
            ProducerRecord<byte[], byte[]> sent = corrupt.get(i).record();
            ConsumerRecord<byte[], byte[]> got =
                    deadLetters.stream()
                            .filter(r -> java.util.Arrays.equals(r.value(), sent.value()))
                            .filter(r -> java.util.Arrays.equals(r.key(), sent.key()))
                            .findFirst()
                            .orElseThrow(() -> new AssertionError("no dead letter for " + sent));
            assertThat(header(got, AudioHeaders.ERROR)).isEqualTo(corrupt.get(i).reason());
            assertThat(header(got, AudioHeaders.ERROR_DETAIL)).isNotBlank();
        }
    }

    private static void assertContiguousHopsThenFinal(List<ClassificationEvent> events, long hop) {
        ClassificationEvent last = events.get(events.size() - 1);
        assertThat(last.finalEvent()).isTrue();
        assertThat(last.startSample()).isZero();
        List<ClassificationEvent> hops = events.subList(0, events.size() - 1);
        assertThat(hops).isNotEmpty().noneMatch(ClassificationEvent::finalEvent);
        long at = 0;
        for (int i = 0; i < hops.size(); i++) {
            ClassificationEvent e = hops.get(i);
            assertThat(e.startSample()).isEqualTo(at);
            if (i < hops.size() - 1) {
                assertThat(e.endSample() - e.startSample()).isEqualTo(hop);
            } else {
                assertThat(e.endSample() - e.startSample()).isBetween(1L, hop);
            }
            at = e.endSample();
        }
        assertThat(last.endSample()).isEqualTo(at);
    }

    /** Publishes the streams interleaved, 100 ms per record, with corrupted records among them. */
    private static List<Corrupt> publish(String topic) {
        AudioRecordCodec codec = new AudioRecordCodec();
        List<List<AudioChunk>> streams = new ArrayList<>();
        for (var s : STREAMS.entrySet()) {
            streams.add(
                    TestAudio.records(s.getKey(), s.getValue(), s.getValue().sampleRate() / 10));
        }
        List<AudioChunk> order = TestAudio.interleave(streams, new int[] {0, 2, 5});
        List<Corrupt> corrupt = corruptRecords(topic);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < order.size(); i++) {
                producer.send(codec.encode(order.get(i)).toProducerRecord(topic));
                if (i % 4 == 2 && i / 4 < corrupt.size()) {
                    producer.send(corrupt.get(i / 4).record());
                }
            }
            for (int i = (order.size() + 1) / 4; i < corrupt.size(); i++) {
                producer.send(corrupt.get(i).record());
            }
            producer.flush();
        }
        return corrupt;
    }

    private static List<Corrupt> corruptRecords(String topic) {
        List<Corrupt> c = new ArrayList<>();
        c.add(
                new Corrupt(
                        raw(topic, "piano-44k", new byte[8], "44.1k", "s16le", "1", "3"),
                        "BAD_HEADER"));
        c.add(
                new Corrupt(
                        raw(topic, "odd", new byte[7], "44100", "s16le", "1", "0"),
                        "ODD_BYTE_COUNT"));
        c.add(
                new Corrupt(
                        raw(topic, "strings-48k", new byte[16], "48000", "mp3", "2", "1"),
                        "UNKNOWN_ENCODING"));
        byte[] nan =
                ByteBuffer.allocate(8)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .putFloat(0.25f)
                        .putFloat(Float.NaN)
                        .array();
        c.add(new Corrupt(raw(topic, "nan", nan, "16000", "f32le", "1", "0"), "NON_FINITE_SAMPLE"));
        c.add(
                new Corrupt(
                        raw(
                                topic,
                                "big",
                                new byte[MAX_RECORD_BYTES + 2],
                                "44100",
                                "s16le",
                                "1",
                                "0"),
                        "OVERSIZED"));
        AudioChunk gap =
                AudioChunk.builder()
                        .streamId("voice-16k")
                        .seq(999)
                        .sampleRate(16_000)
                        .encoding(AudioEncoding.S16LE)
                        .samples(new float[160])
                        .build();
        c.add(new Corrupt(new AudioRecordCodec().encode(gap).toProducerRecord(topic), "SEQ_GAP"));
        return c;
    }

    private static ProducerRecord<byte[], byte[]> raw(
            String topic,
            String key,
            byte[] value,
            String rate,
            String enc,
            String ch,
            String seq) {
        RecordHeaders h = new RecordHeaders();
        h.add(AudioHeaders.SAMPLE_RATE, rate.getBytes(StandardCharsets.UTF_8));
        h.add(AudioHeaders.ENCODING, enc.getBytes(StandardCharsets.UTF_8));
        h.add(AudioHeaders.CHANNELS, ch.getBytes(StandardCharsets.UTF_8));
        h.add(AudioHeaders.SEQ, seq.getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(topic, null, key.getBytes(StandardCharsets.UTF_8), value, h);
    }

    private static long finals(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream()
                .filter(r -> "event".equals(header(r, AudioHeaders.KIND)))
                .filter(r -> ClassificationEventJson.parse(r.value()).finalEvent())
                .count();
    }
}
