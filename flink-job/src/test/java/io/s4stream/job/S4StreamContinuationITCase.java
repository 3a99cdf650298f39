package io.s4stream.job;

import static io.s4stream.job.testing.JobTopics.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.s4stream.audio.event.ClassificationEventJson;
import io.s4stream.audio.file.AudioFiles;
import io.s4stream.audio.file.DecodedAudio;
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
import io.s4stream.job.testing.JobTopics;
import io.s4stream.job.testing.TestAudio;
import io.s4stream.job.testing.TestCluster;
import io.s4stream.job.testing.TestModels;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Continuations through the whole job against a real broker (in-JVM KRaft) on a Flink
 * MiniCluster: a stream whose end-of-stream record asks for audio gets it as continuation records.
 */
class S4StreamContinuationITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestCluster.twoSlots();

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

    /**
     * One stream asks for 0.5 s of continuation; its continuation records arrive after its final
     * event, decode in the record format, and {@code subscribe --audio-dir} writes them to a WAV
     * file holding exactly their samples. A record of the format's largest value (1 MiB) is
     * dead-lettered too: the sinks' request size must hold it plus its headers.
     */
    @Test
    void generatesTheRequestedContinuationAndDeadLettersAMaxSizeRecord(@TempDir Path audioDir)
            throws Exception {
        JobTopics topics = JobTopics.create(kafka, "-cont");
        Configuration config = topics.jobConfig();
        config.set(S4StreamOptions.CONTINUATION_MODEL, TestModels.generator().toString());
        config.set(S4StreamOptions.CONTINUATION_CHUNK_SIZE, TestModels.GENERATOR_CHUNK);
        S4StreamSettings settings = S4StreamSettings.fromConfiguration(config);

        String id = "piano-44k";
        DecodedAudio audio = TestAudio.tone(44_100, 1, 1.7, 220, 11);
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
                producer.send(codec.encode(maxSize).toProducerRecord(topics.in()));
                for (AudioChunk c : records) {
                    producer.send(codec.encode(c).toProducerRecord(topics.in()));
                }
                producer.flush();
            }
            output =
                    topics.consume(
                            job, topics.out(), got -> got.stream().anyMatch(r -> isLastAudio(r)));
            deadLetters = topics.consume(job, topics.deadLetters(), got -> !got.isEmpty());
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
                                        .topic(topics.out())
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
}
