package io.s4stream.audio.kafka;

import io.s4stream.audio.file.DecodedAudio;
import io.s4stream.audio.record.AudioChunk;
import io.s4stream.audio.record.AudioHeaders;
import io.s4stream.audio.record.AudioRecordCodec;
import io.s4stream.audio.source.AudioSource;
import io.s4stream.audio.source.DecodedAudioSource;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Publishes audio streams to Kafka in the record format: chunks of {@code chunkMillis} with
 * sequence numbers, then an empty end-of-stream record (optionally asking for a continuation). The
 * producer is idempotent with {@code acks=all}, so a stream's records land once and in order.
 *
 * <p>At {@link Pace#REAL_TIME} each chunk leaves when the wall clock, measured from the start of
 * the publish, reaches the end of the chunk's audio; sleeping to that absolute time (not a fixed
 * interval per chunk) keeps the pace from drifting. Thread-safe: several streams may be published
 * concurrently through one publisher.
 */
public final class AudioPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AudioPublisher.class);

    private final PublisherSettings settings;
    private final AudioRecordCodec codec;
    private final KafkaProducer<byte[], byte[]> producer;
    private final PaceClock clock;
    private volatile boolean stopRequested;

    public AudioPublisher(PublisherSettings settings) {
        this(settings, PaceClock.SYSTEM);
    }

    AudioPublisher(PublisherSettings settings, PaceClock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.codec = new AudioRecordCodec(settings.maxValueBytes());
        this.producer = new KafkaProducer<>(producerProperties(settings));
    }

    static Properties producerProperties(PublisherSettings settings) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "s4stream-publisher");
        p.putAll(settings.producerProperties());
        return p;
    }

    public PublisherSettings settings() {
        return settings;
    }

    /** Publishes a decoded file as stream {@code streamId}, with no continuation request. */
    public PublishResult publish(String streamId, DecodedAudio audio) {
        return publish(streamId, new DecodedAudioSource(audio), 0, PublishListener.NONE);
    }

    /**
     * Publishes everything {@code source} yields as stream {@code streamId} and waits until every
     * record is acknowledged. The source is read but not closed.
     *
     * @param continueSeconds seconds of continuation to request on the end-of-stream record, 0 for
     *     none
     * @throws PublishException when the producer fails or a sample is NaN or infinite
     */
    public PublishResult publish(
            String streamId, AudioSource source, double continueSeconds, PublishListener listener) {
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(listener, "listener");
        int rate = source.sampleRate();
        int channels = source.channels();
        int chunkFrames = chunkFrames(rate, channels);
        float[] buf = new float[chunkFrames * channels];
        AtomicReference<Exception> failure = new AtomicReference<>();
        Callback callback =
                (metadata, e) -> {
                    if (e != null && failure.compareAndSet(null, e)) {
                        LOG.error("Sending stream {} failed: {}", streamId, e.toString());
                    }
                };
        AudioChunk.Builder chunk =
                AudioChunk.builder()
                        .streamId(streamId)
                        .sampleRate(rate)
                        .channels(channels)
                        .encoding(settings.encoding());
        long start = clock.nanoTime();
        long frames = 0;
        long seq = 0;
        long clipped = 0;
        boolean interrupted = false;
        while (!stopRequested) {
            int got = readFully(source, buf, chunkFrames, channels);
            if (got <= 0) {
                break;
            }
            clipped += clamp(buf, got * channels, streamId, frames, channels);
            if (settings.pace() == Pace.REAL_TIME && !sleepUntil(start, frames + got, rate)) {
                interrupted = true;
                break;
            }
            send(chunk.seq(seq).samples(buf, 0, got * channels).build(), callback, failure);
            frames += got;
            listener.onProgress(
                    new PublishProgress(streamId, seq, frames, source.totalFrames(), rate, false));
            seq++;
            if (got < chunkFrames) {
                break;
            }
        }
        send(
                chunk.seq(seq)
                        .samples(new float[0])
                        .endOfStream(true)
                        .continueSeconds(continueSeconds)
                        .build(),
                callback,
                failure);
        producer.flush();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        throwIfFailed(failure, streamId);
        listener.onProgress(
                new PublishProgress(streamId, seq, frames, source.totalFrames(), rate, true));
        if (clipped > 0) {
            LOG.warn("Stream {}: {} samples outside [-1, 1] were clamped", streamId, clipped);
        }
        LOG.info(
                "Published stream {}: {} frames ({} s) in {} records to {}",
                streamId,
                frames,
                String.format("%.2f", (double) frames / rate),
                seq + 1,
                settings.topic());
        return new PublishResult(streamId, seq + 1, frames, rate, channels, clipped);
    }

    /** Makes running publishes stop after their current chunk and send end-of-stream. */
    public void requestStop() {
        stopRequested = true;
    }

    /** Frames per chunk for this rate, checked against the record size limit. */
    int chunkFrames(int rate, int channels) {
        if (rate < AudioHeaders.MIN_SAMPLE_RATE || rate > AudioHeaders.MAX_SAMPLE_RATE) {
            throw new IllegalArgumentException(
                    "sample rate " + rate + " Hz is outside 1000..384000");
        }
        if (channels < AudioHeaders.MIN_CHANNELS || channels > AudioHeaders.MAX_CHANNELS) {
            throw new IllegalArgumentException("channel count " + channels + " is outside 1..16");
        }
        int frames = (int) Math.max(1, (long) rate * settings.chunkMillis() / 1000);
        long bytes = (long) frames * channels * settings.encoding().bytesPerSample();
        if (bytes > settings.maxValueBytes()) {
            throw new IllegalArgumentException(
                    "a "
                            + settings.chunkMillis()
                            + " ms chunk at "
                            + rate
                            + " Hz x "
                            + channels
                            + " channels in "
                            + settings.encoding().wireName()
                            + " is "
                            + bytes
                            + " bytes, above the "
                            + settings.maxValueBytes()
                            + "-byte record limit: use shorter chunks");
        }
        return frames;
    }

    private void send(AudioChunk chunk, Callback callback, AtomicReference<Exception> failure) {
        throwIfFailed(failure, chunk.streamId());
        producer.send(codec.encode(chunk).toProducerRecord(settings.topic()), callback);
    }

    private static void throwIfFailed(AtomicReference<Exception> failure, String streamId) {
        Exception e = failure.get();
        if (e != null) {
            throw new PublishException("publishing stream " + streamId + " failed: " + e, e);
        }
    }

    private static int readFully(AudioSource source, float[] buf, int frames, int channels) {
        int got = 0;
        while (got < frames) {
            int n = source.read(buf, got * channels, frames - got);
            if (n < 0) {
                break;
            }
            got += n;
        }
        return got;
    }

    private static long clamp(float[] buf, int n, String streamId, long frameBase, int channels) {
        long clipped = 0;
        for (int i = 0; i < n; i++) {
            float x = buf[i];
            if (x > 1f) {
                buf[i] = 1f;
                clipped++;
            } else if (x < -1f) {
                buf[i] = -1f;
                clipped++;
            } else if (!(x == x) || Float.isInfinite(x)) {
                throw new PublishException(
                        "stream "
                                + streamId
                                + ": sample at frame "
                                + (frameBase + i / channels)
                                + " is "
                                + x);
            }
        }
        return clipped;
    }

    /**
     * Sleeps until {@code frames} of audio have elapsed since {@code start}; false if interrupted
     * (the interrupt is consumed so that the end-of-stream record can still be sent).
     */
    private boolean sleepUntil(long start, long frames, int rate) {
        long due = start + (long) (frames * 1e9 / rate);
        long wait = due - clock.nanoTime();
        if (wait <= 0) {
            return true;
        }
        try {
            clock.sleepNanos(wait);
            return true;
        } catch (InterruptedException e) {
            LOG.info("Publishing interrupted; sending end of stream");
            return false;
        }
    }

    /** Flushes and closes the producer. */
    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }
}
