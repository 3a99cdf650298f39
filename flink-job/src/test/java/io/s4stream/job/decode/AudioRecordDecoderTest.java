package io.s4stream.job.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.s4stream.audio.record.AudioChunk;
import io.s4stream.audio.record.AudioHeaders;
import io.s4stream.audio.record.AudioRecordCodec;
import io.s4stream.audio.record.EncodedRecord;
import io.s4stream.job.record.KafkaRecord;

import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

class AudioRecordDecoderTest {

    private static KafkaRecord record(String key, byte[] value, Map<String, String> headers) {
        String[] keys = headers.keySet().toArray(String[]::new);
        byte[][] values = new byte[keys.length][];
        for (int i = 0; i < keys.length; i++) {
            values[i] = headers.get(keys[i]).getBytes(StandardCharsets.UTF_8);
        }
        return new KafkaRecord(key.getBytes(StandardCharsets.UTF_8), value, keys, values);
    }

    @Test
    void validRecordsBecomeChunksInvalidOnesDeadLetterWithReasonAndOriginalBytes()
            throws Exception {
        AudioChunk chunk =
                AudioChunk.builder()
                        .streamId("a")
                        .seq(0)
                        .samples(new float[] {0.5f, -0.5f})
                        .build();
        EncodedRecord encoded = new AudioRecordCodec().encode(chunk);
        KafkaRecord valid = KafkaRecord.of(encoded.key(), encoded.value(), encoded.kafkaHeaders());
        KafkaRecord odd =
                record(
                        "b",
                        new byte[] {1, 2, 3},
                        Map.of(
                                AudioHeaders.SAMPLE_RATE,
                                "44100",
                                AudioHeaders.ENCODING,
                                "s16le",
                                AudioHeaders.CHANNELS,
                                "1",
                                AudioHeaders.SEQ,
                                "0",
                                "app.trace",
                                "x1"));
        KafkaRecord unknownEncoding =
                record(
                        "c",
                        new byte[4],
                        Map.of(
                                AudioHeaders.SAMPLE_RATE, "44100",
                                AudioHeaders.ENCODING, "mp3",
                                AudioHeaders.CHANNELS, "1",
                                AudioHeaders.SEQ, "0"));
        KafkaRecord oversized =
                record(
                        "d",
                        new byte[2048],
                        Map.of(
                                AudioHeaders.SAMPLE_RATE, "44100",
                                AudioHeaders.ENCODING, "s16le",
                                AudioHeaders.CHANNELS, "1",
                                AudioHeaders.SEQ, "0"));

        OneInputStreamOperatorTestHarness<KafkaRecord, AudioChunk> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(new AudioRecordDecoder(1024));
        for (KafkaRecord r : List.of(valid, odd, unknownEncoding, oversized)) {
            harness.processElement(r, 0);
        }
        assertThat(harness.extractOutputValues()).containsExactly(chunk);

        List<KafkaRecord> dead =
                harness.getSideOutput(AudioRecordDecoder.DEAD_LETTERS).stream()
                        .map(StreamRecord::getValue)
                        .toList();
        assertThat(dead)
                .extracting(r -> r.header(AudioHeaders.ERROR).orElseThrow())
                .containsExactly("ODD_BYTE_COUNT", "UNKNOWN_ENCODING", "OVERSIZED");
        assertThat(dead).extracting(KafkaRecord::keyText).containsExactly("b", "c", "d");
        assertThat(dead.get(0).value()).isEqualTo(odd.value());
        assertThat(dead.get(0).header("app.trace")).contains("x1");
        assertThat(dead.get(0).header(AudioHeaders.ERROR_DETAIL).orElseThrow()).contains("3 bytes");
        assertThat(dead.get(2).value()).hasSize(2048);
        harness.close();
    }
}
