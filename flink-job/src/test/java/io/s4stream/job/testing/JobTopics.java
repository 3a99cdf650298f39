package io.s4stream.job.testing;

import io.s4stream.audio.kafka.EmbeddedKafka;
import io.s4stream.job.S4StreamOptions;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;

/**
 * One job's input, output and dead-letter topics on a test broker: created with their names'
 * suffix, the job configuration that points at them, and a reader of what the job wrote.
 */
public record JobTopics(EmbeddedKafka kafka, String in, String out, String deadLetters) {
    /** How long a reader waits for the job before failing the test instead of hanging it. */
    public static final Duration GIVE_UP = Duration.ofMinutes(3);

    /** Creates {@code audio<suffix>}, {@code events<suffix>} and {@code audio-dlq<suffix>}, 2 partitions. */
    public static JobTopics create(EmbeddedKafka kafka, String suffix) {
        JobTopics t = new JobTopics(kafka, "audio" + suffix, "events" + suffix, "audio-dlq" + suffix);
        kafka.createTopics(2, t.in, t.out, t.deadLetters);
        return t;
    }

    /**
     * The job's settings for these topics: the test classifier in chunks of 1024, batches of at
     * most 4, checkpoints every 500 ms, consumer group {@code it<suffix of the input topic>}.
     */
    public Configuration jobConfig() {
        Configuration config = new Configuration();
        config.set(S4StreamOptions.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        config.set(S4StreamOptions.GROUP_ID, "it" + in.substring("audio".length()));
        config.set(S4StreamOptions.INPUT_TOPIC, in);
        config.set(S4StreamOptions.OUTPUT_TOPIC, out);
        config.set(S4StreamOptions.DEAD_LETTER_TOPIC, deadLetters);
        config.set(S4StreamOptions.MODEL_DIR, TestModels.classifier().toString());
        config.set(S4StreamOptions.CHUNK_SIZE, 1024);
        config.set(S4StreamOptions.MAX_BATCH, 4);
        config.set(S4StreamOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(500));
        return config;
    }

    /**
     * Reads {@code topic} (committed records only) until {@code done} holds; gives up when the job
     * stops or after {@link #GIVE_UP}.
     */
    public List<ConsumerRecord<byte[], byte[]>> consume(
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

    /** The last value of header {@code name}, or null. */
    public static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
