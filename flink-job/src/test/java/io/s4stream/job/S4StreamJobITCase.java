package io.s4stream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.s4stream.audio.event.ClassificationEvent;
import io.s4stream.audio.event.ClassificationEventJson;
import io.s4stream.audio.file.DecodedAudio;
import io.s4stream.audio.file.AudioFiles;
import io.s4stream.audio.kafka.EmbeddedKafka;
import io.s4stream.audio.kafka.OutputListener;
import io.s4stream.audio.kafka.OutputSubscriber;
import io.s4stream.audio.kafka.StartPosition;
import io.s4stream.audio.kafka.SubscribeResult;
import io.s4stream.audio.kafka.SubscriberSettings;
import io.s4stream.audio.record.AudioChunk;
import io.s4stream.audio.record.AudioEncoding;
import io.s4stream.audio.record.AudioHeaders;
import io.s4stream.audio.record.AudioRecordCodec;
import io.s4stream.audio.record.RecordKind;
import io.s4stream.job.inference.FileClassifier;
import io.s4stream.job.testing.TestAudio;
import io.s4stream.job.testing.TestModels;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;

/**
 * The whole job against a real broker (in-JVM KRaft) on a Flink MiniCluster: interleaved streams at
 * three sample rates plus corrupted records in, events and dead letters out; a stream asking for a
 * continuation gets it as audio records.
 */
class S4StreamJobITCase {

    private static final int MAX_RECORD_BYTES = 64 * 1024;
    private static final Duration GIVE_UP = Duration.ofMinutes(3);

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() {
        // room for a record of the format's largest value (1 MiB) plus headers
        kafka = EmbeddedKafka.start(Map.of("message.max.bytes", Integer.toString(3 << 20)));
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
        String suffix = "-" + guarantee.name().toLowerCase();
        String in = "audio" + suffix;
        String out = "events" + suffix;
        String dlq = "audio-dlq" + suffix;
        kafka.createTopics(2, in, out, dlq);

        Configuration config = new Configuration();
        config.set(S4StreamOptions.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        config.set(S4StreamOptions.GROUP_ID, "it" + suffix);
        config.set(S4StreamOptions.INPUT_TOPIC, in);
        config.set(S4StreamOptions.OUTPUT_TOPIC, out);
        config.set(S4StreamOptions.DEAD_LETTER_TOPIC, dlq);
        config.set(S4StreamOptions.MODEL_DIR, TestModels.classifier().toString());
        config.set(S4StreamOptions.CHUNK_SIZE, 1024);
        config.set(S4StreamOptions.MAX_BATCH, 4);
        config.set(S4StreamOptions.PARALLELISM, 2);
        config.set(S4StreamOptions.MAX_RECORD_BYTES, MAX_RECORD_BYTES);
        config.set(S4StreamOptions.DELIVERY_GUARANTEE, guarantee);
        config.set(S4StreamOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(500));
        S4StreamSettings settings = S4StreamSettings.fromConfiguration(config);

        JobClient job =
                S4StreamJob.kafka(settings)
                        .start(StreamExecutionEnvironment.getExecutionEnvironment());
        List<Corrupt> corrupt;
        List<ConsumerRecord<byte[], byte[]>> events;
        List<ConsumerRecord<byte[], byte[]>> deadLetters;
        try {
            corrupt = publish(in);
            events = consume(job, out, records -> finals(records) >= STREAMS.size());
            deadLetters = consume(job, dlq, records -> records.size() >= corrupt.size());
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

    /**
     * One stream asks for 0.5 s of continuation; its continuation records arrive after its final
     * event, decode in the record format, and {@code subscribe --audio-dir} writes them to a WAV
     * file holding exactly their samples. A record of the format's largest value (1 MiB) is
     * dead-lettered too: the sinks' request size must hold it plus its headers.
     */
    @Test
    void generatesTheRequestedContinuationAndDeadLettersAMaxSizeRecord(@TempDir Path audioDir)
            throws Exception {
        String in = "audio-cont";
        String out = "events-cont";
        String dlq = "audio-dlq-cont";
        kafka.createTopics(2, in, out, dlq);
        Configuration config = new Configuration();
        config.set(S4StreamOptions.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        config.set(S4StreamOptions.GROUP_ID, "it-cont");
        config.set(S4StreamOptions.INPUT_TOPIC, in);
        config.set(S4StreamOptions.OUTPUT_TOPIC, out);
        config.set(S4StreamOptions.DEAD_LETTER_TOPIC, dlq);
        config.set(S4StreamOptions.MODEL_DIR, TestModels.classifier().toString());
        config.set(S4StreamOptions.CHUNK_SIZE, 1024);
        config.set(S4StreamOptions.MAX_BATCH, 4);
        config.set(S4StreamOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(500));
        config.set(S4StreamOptions.CONTINUATION_MODEL, TestModels.generator().toString());
        config.set(S4StreamOptions.CONTINUATION_CHUNK_SIZE, TestModels.GENERATOR_CHUNK);
        S4StreamSettings settings = S4StreamSettings.fromConfiguration(config);

        String id = "piano-44k";
        DecodedAudio audio = STREAMS.get(id);
        List<AudioChunk> records = TestAudio.records(id, audio, audio.sampleRate() / 10);
        AudioChunk eos = records.remove(records.size() - 1);
        records.add(eos.toBuilder().continueSeconds(0.5).build());
        AudioChunk maxSize =
                AudioChunk.builder()
                        .streamId("max-size")
                        .seq(5)
                        .encoding(AudioEncoding.S16LE)
                        .samples(new float[AudioHeaders.DEFAULT_MAX_VALUE_BYTES / 2])
                        .build();

        JobClient job =
                S4StreamJob.kafka(settings)
                        .start(StreamExecutionEnvironment.getExecutionEnvironment());
        List<ConsumerRecord<byte[], byte[]>> output;
        List<ConsumerRecord<byte[], byte[]>> deadLetters;
        try {
            AudioRecordCodec codec = new AudioRecordCodec();
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(2 << 20));
            try (KafkaProducer<byte[], byte[]> producer =
                    new KafkaProducer<>(
                            props, new ByteArraySerializer(), new ByteArraySerializer())) {
                producer.send(codec.encode(maxSize).toProducerRecord(in));
                for (AudioChunk c : records) {
                    producer.send(codec.encode(c).toProducerRecord(in));
                }
                producer.flush();
            }
            output = consume(job, out, got -> got.stream().anyMatch(r -> isLastAudio(r)));
            deadLetters = consume(job, dlq, got -> !got.isEmpty());
        } finally {
            job.cancel().get();
        }

        assertThat(deadLetters).hasSize(1);
        assertThat(header(deadLetters.get(0), AudioHeaders.ERROR)).isEqualTo("SEQ_GAP");
        assertThat(deadLetters.get(0).value()).hasSize(AudioHeaders.DEFAULT_MAX_VALUE_BYTES);

        List<String> kinds = output.stream().map(r -> header(r, AudioHeaders.KIND)).toList();
        int firstAudio = kinds.indexOf("continuation");
        assertThat(kinds.subList(0, firstAudio)).isNotEmpty().containsOnly("event");
        assertThat(ClassificationEventJson.parse(output.get(firstAudio - 1).value()).finalEvent())
                .isTrue();
        assertThat(kinds.subList(firstAudio, kinds.size())).containsOnly("continuation");
        AudioRecordCodec decoder = new AudioRecordCodec();
        List<Float> samples = new ArrayList<>();
        for (int i = firstAudio; i < output.size(); i++) {
            ConsumerRecord<byte[], byte[]> r = output.get(i);
            AudioChunk c = decoder.decode(r.key(), r.value(), r.headers());
            assertThat(c.streamId()).isEqualTo(id);
            assertThat(c.kind()).isEqualTo(RecordKind.CONTINUATION);
            assertThat(c.seq()).isEqualTo(i - firstAudio);
            assertThat(c.sampleRate()).isEqualTo(44_100);
            assertThat(c.endOfStream()).isEqualTo(i == output.size() - 1);
            for (int k = 0; k < c.sampleCount(); k++) {
                samples.add(c.sample(k));
            }
        }
        assertThat(samples.size()).isCloseTo(22_050, within(3));

        SubscribeResult subscribed =
                new OutputSubscriber(
                                SubscriberSettings.builder()
                                        .bootstrapServers(kafka.bootstrapServers())
                                        .topic(out)
                                        .startPosition(StartPosition.EARLIEST)
                                        .audioDir(audioDir)
                                        .untilAudioFiles(1)
                                        .timeout(Duration.ofMinutes(1))
                                        .build())
                        .run(OutputListener.NONE);
        assertThat(subscribed.conditionsMet()).isTrue();
        DecodedAudio wav = AudioFiles.read(audioDir.resolve(id + ".wav"));
        assertThat(wav.sampleRate()).isEqualTo(44_100);
        assertThat(wav.channels()).isEqualTo(1);
        float[] expected = new float[samples.size()];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = samples.get(i);
        }
        assertThat(wav.interleaved()).containsExactly(expected);
    }

    private static boolean isLastAudio(ConsumerRecord<byte[], byte[]> r) {
        return "continuation".equals(header(r, AudioHeaders.KIND))
                && "true".equals(header(r, AudioHeaders.EOS));
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

    /**
     * Reads {@code topic} (committed records only) until {@code done} holds; gives up when the job
     * stops or after {@link #GIVE_UP}, so a broken job fails the test instead of hanging it.
     */
    private static List<ConsumerRecord<byte[], byte[]>> consume(
            JobClient job, String topic, Predicate<List<ConsumerRecord<byte[], byte[]>>> done)
            throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> got = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long giveUp = System.nanoTime() + GIVE_UP.toNanos();
            while (!done.test(got)) {
                consumer.poll(Duration.ofMillis(200)).forEach(got::add);
                JobStatus status = job.getJobStatus().get();
                if (status.isTerminalState() || System.nanoTime() > giveUp) {
                    throw new AssertionError(
                            "job "
                                    + status
                                    + "; read only "
                                    + got.size()
                                    + " records from "
                                    + topic);
                }
            }
        }
        return got;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
