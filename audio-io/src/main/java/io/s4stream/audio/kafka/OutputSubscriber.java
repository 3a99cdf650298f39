package io.s4stream.audio.kafka;

import io.s4stream.audio.event.ClassificationEvent;
import io.s4stream.audio.event.ClassificationEventJson;
import io.s4stream.audio.event.InvalidEventException;
import io.s4stream.audio.record.AudioRecordCodec;
import io.s4stream.audio.record.InvalidAudioRecordException;
import io.s4stream.audio.record.RecordKind;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Reads the job's output topic: classification events ({@code s4.kind=event}) go to the listener,
 * audio records ({@code continuation}, or {@code audio}) are gathered per stream and written to
 * {@code <audio-dir>/<stream-id>.wav} when the stream's end-of-stream record arrives.
 *
 * <p>Reads every partition without a consumer group (nothing is committed). {@link #run} blocks
 * until the stop conditions are met, the timeout passes, or {@link #stop()} is called.
 */
public final class OutputSubscriber {
    private static final Logger LOG = LoggerFactory.getLogger(OutputSubscriber.class);

    private final SubscriberSettings settings;
    private final AudioRecordCodec codec = new AudioRecordCodec(Integer.MAX_VALUE);
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile boolean stopped;

    public OutputSubscriber(SubscriberSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Reads until a stop condition; see {@link SubscribeResult#conditionsMet()}. */
    public SubscribeResult run(OutputListener listener) {
        Objects.requireNonNull(listener, "listener");
        long deadline =
                settings.timeout().isZero()
                        ? Long.MAX_VALUE
                        : System.nanoTime() + settings.timeout().toNanos();
        Counts counts = new Counts();
        StreamAudioAssembler assembler =
                settings.audioDir().map(StreamAudioAssembler::new).orElse(null);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerProperties())) {
            consumer = c;
            if (stopped) {
                return counts.result(false);
            }
            List<TopicPartition> partitions = awaitPartitions(c, deadline);
            if (partitions.isEmpty()) {
                return counts.result(false);
            }
            c.assign(partitions);
            if (settings.startPosition() == StartPosition.EARLIEST) {
                c.seekToBeginning(partitions);
            } else {
                c.seekToEnd(partitions);
            }
            partitions.forEach(c::position); // fix the start now, not at the first poll
            LOG.info("Reading {} from {}", partitions, settings.startPosition());
            while (!stopped && !counts.conditionsMet() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(settings.pollInterval())) {
                    handle(r, listener, counts, assembler);
                }
            }
            if (assembler != null && assembler.openStreams() > 0) {
                LOG.info("{} audio stream(s) still without end of stream", assembler.openStreams());
            }
            return counts.result(counts.conditionsMet());
        } catch (WakeupException e) {
            if (!stopped) {
                throw e;
            }
            return counts.result(counts.conditionsMet());
        } finally {
            consumer = null;
        }
    }

    /** Makes {@link #run} return soon; safe from any thread. */
    public void stop() {
        stopped = true;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    private Properties consumerProperties() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "s4stream-subscriber");
        p.putAll(settings.consumerProperties());
        return p;
    }

    private List<TopicPartition> awaitPartitions(KafkaConsumer<byte[], byte[]> c, long deadline) {
        boolean logged = false;
        while (!stopped && System.nanoTime() < deadline) {
            try {
                List<PartitionInfo> infos =
                        c.partitionsFor(settings.topic(), Duration.ofSeconds(2));
                if (infos != null && !infos.isEmpty()) {
                    return infos.stream()
                            .map(i -> new TopicPartition(i.topic(), i.partition()))
                            .sorted((a, b) -> Integer.compare(a.partition(), b.partition()))
                            .collect(Collectors.toList());
                }
            } catch (TimeoutException e) {
                LOG.debug("No metadata for {} yet: {}", settings.topic(), e.toString());
            }
            if (!logged) {
                LOG.info("Waiting for topic {} to exist", settings.topic());
                logged = true;
            }
            sleepQuietly(250);
        }
        return List.of();
    }

    private void handle(
            ConsumerRecord<byte[], byte[]> r,
            OutputListener listener,
            Counts counts,
            StreamAudioAssembler assembler) {
        String streamId =
                r.key() == null ? "(no key)" : new String(r.key(), StandardCharsets.UTF_8);
        try {
            RecordKind kind = AudioRecordCodec.kindOf(r.headers());
            if (kind == RecordKind.EVENT) {
                String json =
                        r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8);
                ClassificationEvent e = ClassificationEventJson.parse(json);
                counts.events++;
                if (e.finalEvent()) {
                    counts.finals++;
                }
                listener.onEvent(e, json);
            } else if (assembler != null) {
                assembler
                        .add(codec.decode(r.key(), r.value(), r.headers()))
                        .ifPresent(
                                w -> {
                                    counts.files.add(w.file());
                                    listener.onAudioFile(
                                            w.streamId(), w.file(), w.frames(), w.sampleRate());
                                });
            }
        } catch (InvalidAudioRecordException | InvalidEventException e) {
            counts.invalid++;
            LOG.warn(
                    "Skipping record {}-{}@{} of stream {}: {}",
                    r.topic(),
                    r.partition(),
                    r.offset(),
                    streamId,
                    e.getMessage());
            listener.onInvalidRecord(streamId, e.getMessage());
        }
    }

    private void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        }
    }

    private final class Counts {
        long events;
        long finals;
        long invalid;
        final List<Path> files = new ArrayList<>();

        boolean conditionsMet() {
            int untilFinal = settings.untilFinalEvents();
            int untilAudio = settings.untilAudioFiles();
            if (untilFinal == 0 && untilAudio == 0) {
                return false;
            }
            return finals >= untilFinal && files.size() >= untilAudio;
        }

        SubscribeResult result(boolean met) {
            return new SubscribeResult(events, finals, files, invalid, met);
        }
    }
}
