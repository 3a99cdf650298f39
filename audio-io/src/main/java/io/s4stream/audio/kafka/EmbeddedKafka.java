package io.s4stream.audio.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A single-node Kafka (KRaft, combined broker and controller) inside this JVM, on a free local
 * port, with its data in a temporary directory deleted on {@link #close()}. For tests and the
 * {@code demo} command; not for production.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(60);

    /** Name prefix of the threads {@link KafkaClusterTestKit} formats and starts nodes on. */
    private static final String KIT_THREAD_PREFIX = "kafka-cluster-test-kit-";

    private final KafkaClusterTestKit cluster;
    private boolean closed;

    private EmbeddedKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /** Starts a broker with the defaults below. */
    public static EmbeddedKafka start() {
        return start(Map.of());
    }

    /**
     * Starts a broker. Offsets and transaction-state topics get replication factor 1 and {@code
     * transaction.state.log.min.isr=1}; {@code brokerConfig} entries override any setting.
     *
     * @throws EmbeddedKafkaException when the broker does not start
     */
    public static EmbeddedKafka start(Map<String, String> brokerConfig) {
        long t0 = System.nanoTime();
        KafkaClusterTestKit cluster = null;
        try {
            TestKitNodes nodes =
                    new TestKitNodes.Builder()
                            .setCombined(true)
                            .setNumBrokerNodes(1)
                            .setNumControllerNodes(1)
                            .build();
            KafkaClusterTestKit.Builder builder =
                    new KafkaClusterTestKit.Builder(nodes)
                            .setConfigProp("offsets.topic.replication.factor", "1")
                            .setConfigProp("offsets.topic.num.partitions", "1")
                            .setConfigProp("transaction.state.log.replication.factor", "1")
                            .setConfigProp("transaction.state.log.min.isr", "1")
                            .setConfigProp("transaction.state.log.num.partitions", "1")
                            .setConfigProp("group.initial.rebalance.delay.ms", "0");
            brokerConfig.forEach(builder::setConfigProp);
            cluster = builder.build();
            formatQuietly(cluster);
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            closeQuietly(cluster);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new EmbeddedKafkaException("embedded Kafka failed to start: " + e, e);
        }
        EmbeddedKafka kafka = new EmbeddedKafka(cluster);
        LOG.info(
                "Embedded Kafka ready at {} in {} ms",
                kafka.bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        return kafka;
    }

    /**
     * Formats the node's storage. Kafka's formatter prints "Formatting metadata directory ..."
     * lines to {@code System.out} from the test kit's own threads and offers no way to silence it;
     * while it runs, {@code System.out} is swapped for a stream that sends those threads' output to
     * this class's debug log and passes every other thread's output through unchanged.
     */
    private static void formatQuietly(KafkaClusterTestKit cluster) throws Exception {
        synchronized (EmbeddedKafka.class) {
            PrintStream original = System.out;
            FormatterOutput quiet = new FormatterOutput(original, Thread.currentThread());
            System.setOut(new PrintStream(quiet, true, StandardCharsets.UTF_8));
            try {
                cluster.format();
            } finally {
                System.setOut(original);
                quiet.logCaptured();
            }
        }
    }

    /** The {@code bootstrap.servers} value for clients. */
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /**
     * Creates topics (replication factor 1; existing ones are kept) and waits until every partition
     * has a leader, so that producers can write at once.
     *
     * @throws EmbeddedKafkaException when a topic cannot be created or gets no leader in time
     */
    public void createTopics(int partitions, String... names) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
        }
        if (names.length == 0) {
            return;
        }
        List<NewTopic> topics = new ArrayList<>();
        for (String name : names) {
            topics.add(new NewTopic(Objects.requireNonNull(name, "topic"), partitions, (short) 1));
        }
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            for (NewTopic topic : topics) {
                try {
                    admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                    LOG.info("Topic {} exists already", topic.name());
                }
            }
            awaitLeaders(admin, Arrays.asList(names));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedKafkaException("interrupted creating " + Arrays.toString(names), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new EmbeddedKafkaException(
                    "cannot create topics " + Arrays.toString(names) + ": " + e, e);
        }
    }

    private static void awaitLeaders(Admin admin, List<String> names)
            throws InterruptedException, TimeoutException, ExecutionException {
        long deadline = System.nanoTime() + TOPIC_TIMEOUT.toNanos();
        while (true) {
            try {
                Map<String, TopicDescription> described =
                        admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS);
                if (allHaveLeaders(described)) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new EmbeddedKafkaException(
                        "topics " + names + " have no leader after " + TOPIC_TIMEOUT);
            }
            Thread.sleep(50);
        }
    }

    private static boolean allHaveLeaders(Map<String, TopicDescription> described) {
        for (TopicDescription d : described.values()) {
            for (TopicPartitionInfo p : d.partitions()) {
                if (p.leader() == null || p.leader().isEmpty()) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Stops the broker and deletes its data. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            cluster.close();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new EmbeddedKafkaException("embedded Kafka failed to stop cleanly", e);
        }
    }

    private static void closeQuietly(KafkaClusterTestKit cluster) {
        if (cluster == null) {
            return;
        }
        try {
            cluster.close();
        } catch (Exception e) {
            LOG.warn("Closing a half-started embedded Kafka failed: {}", e.toString());
        }
    }

    /**
     * Captures what the formatting threads write (the caller's and the test kit's, named {@value
     * #KIT_THREAD_PREFIX}...), passing other threads' bytes to the original stream.
     */
    private static final class FormatterOutput extends OutputStream {
        private final PrintStream original;
        private final Thread caller;
        private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

        FormatterOutput(PrintStream original, Thread caller) {
            this.original = original;
            this.caller = caller;
        }

        private boolean formatting() {
            Thread t = Thread.currentThread();
            return t == caller || t.getName().startsWith(KIT_THREAD_PREFIX);
        }

        @Override
        public void write(int b) {
            if (formatting()) {
                captured.write(b);
            } else {
                original.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (formatting()) {
                captured.write(b, off, len);
            } else {
                original.write(b, off, len);
            }
        }

        @Override
        public void flush() {
            original.flush();
        }

        void logCaptured() {
            for (String line : captured.toString(StandardCharsets.UTF_8).split("\\R")) {
                if (!line.isBlank()) {
                    LOG.debug("Kafka storage formatter: {}", line);
                }
            }
        }
    }
}
