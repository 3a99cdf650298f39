package io.s4stream.job.bench;

import io.s4stream.audio.event.ClassificationEvent;
import io.s4stream.audio.event.ClassificationEventJson;
import io.s4stream.audio.event.InvalidEventException;
import io.s4stream.audio.record.AudioRecordCodec;
import io.s4stream.audio.record.InvalidAudioRecordException;
import io.s4stream.audio.record.RecordKind;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Reads the job's output topic on its own thread from the beginning and stamps every event of the
 * known streams with its receive time ({@link System#nanoTime()} when the poll returned). The
 * per-stream lists may be read once {@link #close()} has returned.
 */
public final class EventCollector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventCollector.class);

    private final Map<String, Integer> index = new HashMap<>();
    private final List<List<Received>> events = new ArrayList<>();
    private final CountDownLatch[] finals;
    private final boolean[] finalSeen;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private volatile boolean stopped;
    private volatile Exception failure;

    /** Starts reading {@code topic}, which must exist, for the streams {@code ids}. */
    public EventCollector(String bootstrap, String topic, List<String> ids) {
        for (String id : ids) {
            index.put(id, events.size());
            events.add(new ArrayList<>());
        }
        finals = new CountDownLatch[ids.size()];
        for (int i = 0; i < finals.length; i++) {
            finals[i] = new CountDownLatch(1);
        }
        finalSeen = new boolean[ids.size()];
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "s4stream-bench-collector");
        consumer = new KafkaConsumer<>(p);
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            partitions.forEach(consumer::position);
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw e;
        }
        thread = new Thread(this::poll, "s4stream-bench-collector");
        thread.setDaemon(true);
        thread.start();
    }

    private void poll() {
        try {
            while (!stopped) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(100));
                long now = System.nanoTime();
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    accept(r, now);
                }
            }
        } catch (WakeupException e) {
            if (!stopped) {
                failure = e;
            }
        } catch (RuntimeException e) {
            failure = e;
            LOG.error("Reading events failed: {}", e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void accept(ConsumerRecord<byte[], byte[]> r, long now) {
        Integer i = r.key() == null ? null : index.get(new String(r.key(), StandardCharsets.UTF_8));
        try {
            if (i == null || AudioRecordCodec.kindOf(r.headers()) != RecordKind.EVENT) {
                return;
            }
            ClassificationEvent e = ClassificationEventJson.parse(r.value());
            events.get(i).add(new Received(e.startSample(), e.endSample(), e.finalEvent(), now));
            if (e.finalEvent() && !finalSeen[i]) {
                finalSeen[i] = true;
                finals[i].countDown();
            }
        } catch (InvalidAudioRecordException | InvalidEventException e) {
            LOG.warn("Ignoring an output record of stream {}: {}", i, e.getMessage());
        }
    }

    /** Waits for stream {@code id}'s final event; false when the deadline passed first. */
    public boolean awaitFinal(String id, long deadlineNanos) throws InterruptedException {
        return finals[index.get(id)].await(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    /** Waits for the final events of all {@code ids}; false when the deadline passed first. */
    public boolean awaitFinals(List<String> ids, long deadlineNanos) throws InterruptedException {
        for (String id : ids) {
            if (!awaitFinal(id, deadlineNanos)) {
                return false;
            }
        }
        return true;
    }

    /** Why reading stopped early, if it did. */
    public Exception failure() {
        return failure;
    }

    /** The events of stream {@code id} in arrival order; only after {@link #close()}. */
    public List<Received> events(String id) {
        if (thread.isAlive()) {
            throw new IllegalStateException("events can be read once the collector is closed");
        }
        return events.get(index.get(id));
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        if (thread.isAlive()) {
            consumer.wakeup();
        }
        thread.join(TimeUnit.SECONDS.toMillis(30));
    }
}
