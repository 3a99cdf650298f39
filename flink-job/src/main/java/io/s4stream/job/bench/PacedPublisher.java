package io.s4stream.job.bench;

import io.s4stream.audio.record.AudioChunk;
import io.s4stream.audio.record.AudioRecordCodec;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Publishes many synthetic mono streams ({@link SyntheticAudio}, s16le) at real-time pace from a
 * few threads sharing one producer. Every record leaves when the wall clock reaches the end of its
 * audio; stream {@code i} of {@code n} starts {@code i/n} of a record later than stream 0, so
 * records spread over each period as independent live sources would. Sleeping to absolute due times
 * keeps the pace from drifting; the send time of every record is logged for latency.
 */
public final class PacedPublisher implements AutoCloseable {

    /** From the moment every publishing thread is ready to the start of the audio. */
    private static final long START_NANOS = 20_000_000L;

    private final String topic;
    private final int sampleRate;
    private final int samplesPerRecord;
    private final long periodNanos;
    private final KafkaProducer<byte[], byte[]> producer;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Callback callback =
            (metadata, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                }
            };

    public PacedPublisher(String bootstrap, String topic, int sampleRate, int recordMillis) {
        if (recordMillis < 1) {
            throw new IllegalArgumentException(
                    "record length must be >= 1 ms, got " + recordMillis);
        }
        this.topic = topic;
        this.sampleRate = sampleRate;
        this.samplesPerRecord = (int) ((long) sampleRate * recordMillis / 1000);
        this.periodNanos = (long) samplesPerRecord * 1_000_000_000L / sampleRate;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        // as the project's AudioPublisher sends
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "s4stream-bench-publisher");
        this.producer = new KafkaProducer<>(p);
    }

    public int samplesPerRecord() {
        return samplesPerRecord;
    }

    /**
     * Publishes stream {@code streamId} ({@code index} chooses its audio) as fast as possible:
     * {@code records} records and end of stream.
     */
    public void publishNow(String streamId, int index, int records) {
        SyntheticAudio audio = new SyntheticAudio(index, sampleRate);
        AudioRecordCodec codec = new AudioRecordCodec();
        float[] buf = new float[samplesPerRecord];
        for (int k = 0; k < records; k++) {
            audio.render(buf, 0, samplesPerRecord);
            send(codec, chunk(streamId, k).samples(buf, 0, samplesPerRecord).build());
        }
        send(codec, chunk(streamId, records).endOfStream(true).build());
        producer.flush();
        throwIfFailed();
    }

    /**
     * Publishes {@code ids.size()} streams of {@code records} records each in real time from {@code
     * threads} threads (stream {@code i} on thread {@code i mod threads}, with audio {@code i}),
     * then end of stream right after each stream's last record; returns when all is sent and
     * acknowledged.
     */
    public PublishLog publishPaced(List<String> ids, int records, int threads)
            throws InterruptedException {
        int n = ids.size();
        if (n < 1 || records < 1 || threads < 1) {
            throw new IllegalArgumentException(
                    "need streams, records and threads >= 1, got "
                            + n
                            + ", "
                            + records
                            + ", "
                            + threads);
        }
        int workers = Math.min(threads, n);
        long[][] send = new long[n][records + 1];
        long[][] lag = new long[n][records];
        // the audio starts once every thread is ready, so that no first record is late
        AtomicLong start = new AtomicLong();
        CyclicBarrier ready =
                new CyclicBarrier(workers, () -> start.set(System.nanoTime() + START_NANOS));
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                int first = w;
                done.add(
                        pool.submit(
                                () -> {
                                    paced(ids, first, workers, records, ready, start, send, lag);
                                    return null;
                                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw new BenchException("publishing failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        producer.flush();
        throwIfFailed();
        return new PublishLog(start.get(), periodNanos, send, lag);
    }

    private void paced(
            List<String> ids,
            int first,
            int step,
            int records,
            CyclicBarrier ready,
            AtomicLong startNanos,
            long[][] send,
            long[][] lag)
            throws InterruptedException, BrokenBarrierException, TimeoutException {
        int n = ids.size();
        int[] mine = new int[(n - first + step - 1) / step];
        for (int j = 0; j < mine.length; j++) {
            mine[j] = first + j * step;
        }
        SyntheticAudio[] audio = new SyntheticAudio[n];
        for (int i : mine) {
            audio[i] = new SyntheticAudio(i, sampleRate);
        }
        AudioRecordCodec codec = new AudioRecordCodec();
        float[] buf = new float[samplesPerRecord];
        codec.encode(chunk(ids.get(first), 0).samples(buf, 0, samplesPerRecord).build());
        ready.await(60, TimeUnit.SECONDS);
        long start = startNanos.get();
        for (int k = 0; k < records; k++) {
            for (int i : mine) {
                long due = start + periodNanos * i / n + periodNanos * (k + 1);
                sleepUntil(due);
                audio[i].render(buf, 0, samplesPerRecord);
                AudioChunk c = chunk(ids.get(i), k).samples(buf, 0, samplesPerRecord).build();
                long now = System.nanoTime();
                send[i][k] = now;
                lag[i][k] = now - due;
                send(codec, c);
                if (k == records - 1) {
                    AudioChunk eos = chunk(ids.get(i), records).endOfStream(true).build();
                    send[i][records] = System.nanoTime();
                    send(codec, eos);
                }
            }
        }
    }

    private AudioChunk.Builder chunk(String streamId, long seq) {
        return AudioChunk.builder().streamId(streamId).seq(seq).sampleRate(sampleRate).channels(1);
    }

    private void send(AudioRecordCodec codec, AudioChunk chunk) {
        throwIfFailed();
        producer.send(codec.encode(chunk).toProducerRecord(topic), callback);
    }

    private static void sleepUntil(long due) throws InterruptedException {
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while pacing");
            }
        }
    }

    private void throwIfFailed() {
        Exception e = failure.get();
        if (e != null) {
            throw new BenchException("sending to " + topic + " failed: " + e, e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }
}
