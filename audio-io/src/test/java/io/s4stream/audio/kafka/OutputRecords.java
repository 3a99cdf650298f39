package io.s4stream.audio.kafka;

import io.s4stream.audio.event.ClassificationEvent;
import io.s4stream.audio.event.ClassificationEventJson;
import io.s4stream.audio.event.LabelScore;
import io.s4stream.audio.record.AudioChunk;
import io.s4stream.audio.record.AudioEncoding;
import io.s4stream.audio.record.AudioHeaders;
import io.s4stream.audio.record.AudioRecordCodec;
import io.s4stream.audio.record.RecordKind;

import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Records like the job writes to its output topic, for tests. */
public final class OutputRecords {
    private static final AudioRecordCodec CODEC = new AudioRecordCodec();

    private OutputRecords() {}

    public static ClassificationEvent event(String stream, long start, long end, boolean fin) {
        return new ClassificationEvent(
                stream,
                "instrument-family",
                "1.0.0",
                start,
                end,
                44_100,
                "keyboard",
                0.83,
                List.of(
                        new LabelScore("keyboard", 0.83),
                        new LabelScore("guitar", 0.1),
                        new LabelScore("brass", 0.04)),
                fin);
    }

    public static ProducerRecord<byte[], byte[]> eventRecord(String topic, ClassificationEvent e) {
        ProducerRecord<byte[], byte[]> r =
                new ProducerRecord<>(
                        topic,
                        e.streamId().getBytes(StandardCharsets.UTF_8),
                        ClassificationEventJson.toJsonBytes(e));
        r.headers().add(AudioHeaders.KIND, "event".getBytes(StandardCharsets.UTF_8));
        return r;
    }

    /** The continuation of {@code stream} as chunks of {@code chunk} frames plus an empty eos. */
    public static List<ProducerRecord<byte[], byte[]>> continuation(
            String topic, String stream, float[] mono, int rate, int chunk) {
        List<ProducerRecord<byte[], byte[]>> out = new java.util.ArrayList<>();
        long seq = 0;
        for (int p = 0; p < mono.length; p += chunk) {
            int n = Math.min(chunk, mono.length - p);
            out.add(
                    CODEC.encode(base(stream, rate).seq(seq++).samples(mono, p, n).build())
                            .toProducerRecord(topic));
        }
        out.add(
                CODEC.encode(
                                base(stream, rate)
                                        .seq(seq)
                                        .samples(new float[0])
                                        .endOfStream(true)
                                        .build())
                        .toProducerRecord(topic));
        return out;
    }

    private static AudioChunk.Builder base(String stream, int rate) {
        return AudioChunk.builder()
                .streamId(stream)
                .sampleRate(rate)
                .channels(1)
                .encoding(AudioEncoding.S16LE)
                .kind(RecordKind.CONTINUATION);
    }
}
