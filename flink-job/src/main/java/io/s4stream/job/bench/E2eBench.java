package io.s4stream.job.bench;

import io.s4stream.audio.kafka.EmbeddedKafka;
import io.s4stream.job.LocalJob;
import io.s4stream.job.S4StreamOptions;
import io.s4stream.job.S4StreamSettings;
import io.s4stream.models.runtime.ModelManifest;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * End-to-end runs of the real job in this JVM: each run creates fresh topics on the embedded
 * broker, starts the Kafka job (its own sources and sinks, at-least-once) on a local MiniCluster,
 * waits until a short warm-up stream has its final event, then publishes N synthetic 44.1 kHz mono
 * streams in real time ({@link PacedPublisher}) while {@link EventCollector} stamps the events; the
 * job is cancelled and the topics deleted after each run.
 */
public final class E2eBench {
    private static final Logger LOG = LoggerFactory.getLogger(E2eBench.class);

    /** Sample rate of the published streams. */
    public static final int INPUT_RATE = 44_100;

    /** Audio per record. */
    public static final int RECORD_MILLIS = 100;

    /** Most records per stream of a {@link #warmUp} run. */
    public static final int WARM_UP_RECORDS = 50;

    private static final String PROBE = "warm-up";
    private static final int PROBE_RECORDS = 50;
    private static final long PROBE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(180);
    private static final long DRAIN_EXTRA_NANOS = TimeUnit.SECONDS.toNanos(4);

    private final EmbeddedKafka kafka;
    private final Configuration jobOptions;
    private final Configuration flinkOptions;
    private final double seconds;
    private final int producerThreads;
    private final KeepUpRules rules;
    private int runs;

    /**
     * @param jobOptions {@link S4StreamOptions} of the job (model, chunking, parallelism...); Kafka
     *     addresses, topics and group are set per run
     * @param flinkOptions further Flink options for the local cluster
     * @param seconds audio per stream
     * @param producerThreads publishing threads, 0 for one per 256 streams (at most 4)
     */
    public E2eBench(
            EmbeddedKafka kafka,
            Configuration jobOptions,
            Configuration flinkOptions,
            double seconds,
            int producerThreads,
            KeepUpRules rules) {
        if (!(seconds * 1000 >= RECORD_MILLIS)) {
            throw new IllegalArgumentException(
                    "streams must last at least one record ("
                            + RECORD_MILLIS
                            + " ms), got "
                            + seconds
                            + " s");
        }
        if (producerThreads < 0) {
            throw new IllegalArgumentException(
                    "producer threads must be >= 0, got " + producerThreads);
        }
        this.kafka = kafka;
        this.jobOptions = new Configuration(jobOptions);
        this.flinkOptions = new Configuration(flinkOptions);
        this.seconds = seconds;
        this.producerThreads = producerThreads;
        this.rules = rules;
    }

    /** The job settings a run uses (topics of run 0). */
    public S4StreamSettings settings() {
        return settings(0);
    }

    /** Records per stream. */
    public int records() {
        return (int) Math.round(seconds * 1000 / RECORD_MILLIS);
    }

    private S4StreamSettings settings(int run) {
        Configuration c = new Configuration(jobOptions);
        c.set(S4StreamOptions.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        c.set(S4StreamOptions.GROUP_ID, "s4stream-bench-" + run);
        c.set(S4StreamOptions.INPUT_TOPIC, "bench-audio-" + run);
        c.set(S4StreamOptions.OUTPUT_TOPIC, "bench-events-" + run);
        c.set(S4StreamOptions.DEAD_LETTER_TOPIC, "bench-dlq-" + run);
        c.set(S4StreamOptions.DELIVERY_GUARANTEE, DeliveryGuarantee.AT_LEAST_ONCE);
        return S4StreamSettings.fromConfiguration(c);
    }

    /** Stream ids of a run with {@code n} streams. */
    public static List<String> streamIds(int n) {
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(String.format("s%04d", i));
        }
        return ids;
    }

    /**
     * One run with {@code streams} streams.
     *
     * @throws BenchException when the job stops or produces nothing for the warm-up stream
     */
    public RunReport run(int streams) throws Exception {
        return run(streams, records());
    }

    /**
     * A run of at most {@link #WARM_UP_RECORDS} records per stream, to be discarded: the first run
     * in a JVM pays for class loading and JIT compilation in the publisher, broker and job.
     */
    public RunReport warmUp(int streams) throws Exception {
        return run(streams, Math.min(records(), WARM_UP_RECORDS));
    }

    private RunReport run(int streams, int records) throws Exception {
        if (streams < 1) {
            throw new IllegalArgumentException("streams must be >= 1, got " + streams);
        }
        int run = runs++;
        S4StreamSettings settings = settings(run);
        ModelManifest manifest = ModelManifest.read(settings.inference().resolveModelDir());
        String in = settings.kafka().inputTopic();
        String out = settings.kafka().outputTopic();
        String dlq = settings.kafka().deadLetterTopic();
        kafka.createTopics(Math.max(2, settings.parallelism()), in, out, dlq);
        List<String> ids = streamIds(streams);
        List<String> known = new ArrayList<>(ids);
        known.add(PROBE);
        int threads = producerThreads > 0 ? producerThreads : Math.min(4, 1 + (streams - 1) / 256);
        PublishLog log;
        EventCollector events = new EventCollector(kafka.bootstrapServers(), out, known);
        try {
            try (LocalJob job = LocalJob.start(settings, flinkOptions);
                    PacedPublisher publisher =
                            new PacedPublisher(
                                    kafka.bootstrapServers(), in, INPUT_RATE, RECORD_MILLIS)) {
                publisher.publishNow(PROBE, streams, PROBE_RECORDS);
                if (!events.awaitFinal(PROBE, System.nanoTime() + PROBE_TIMEOUT_NANOS)) {
                    throw new BenchException(
                            "the job produced no final event for the warm-up stream within "
                                    + TimeUnit.NANOSECONDS.toSeconds(PROBE_TIMEOUT_NANOS)
                                    + " s"
                                    + job.ended().map(s -> " (job " + s + ")").orElse(""));
                }
                LOG.info("Run {}: job ready; publishing {} streams", run, streams);
                log = publisher.publishPaced(ids, records, threads);
                long lastEos = log.startNanos();
                for (int s = 0; s < streams; s++) {
                    lastEos = Math.max(lastEos, log.endOfStreamNanos(s));
                }
                long drain = lastEos + (long) (rules.finalWithinMillis() * 1e6) + DRAIN_EXTRA_NANOS;
                events.awaitFinals(ids, drain);
                Optional<JobStatus> ended = job.ended();
                if (ended.isPresent()) {
                    throw new BenchException("the job stopped during the run: " + ended.get());
                }
            }
        } finally {
            events.close();
            deleteTopics(in, out, dlq);
        }
        if (events.failure() != null) {
            throw new BenchException("reading events failed: " + events.failure());
        }
        StreamOutcome.Timeline timeline =
                new StreamOutcome.Timeline(
                        INPUT_RATE,
                        INPUT_RATE * RECORD_MILLIS / 1000,
                        records,
                        manifest.sampleRate(),
                        manifest.frame());
        List<StreamOutcome> outcomes = new ArrayList<>(streams);
        for (int s = 0; s < streams; s++) {
            String id = ids.get(s);
            outcomes.add(StreamOutcome.evaluate(id, s, events.events(id), log, timeline, rules));
        }
        return RunReport.of(outcomes, log, timeline, rules);
    }

    private void deleteTopics(String... topics) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            admin.deleteTopics(List.of(topics)).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("Deleting bench topics {} failed: {}", List.of(topics), e.toString());
        }
    }
}
