package io.s4stream.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.s4stream.audio.record.AudioChunk;
import io.s4stream.audio.record.AudioHeaders;
import io.s4stream.audio.record.AudioRecordCodec;
import io.s4stream.audio.record.RecordKind;
import io.s4stream.job.record.OutputKind;
import io.s4stream.job.record.OutputRecord;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

class OutputRecordSerializerTest {

    private static String header(ProducerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void continuationAudioIsWrittenInTheRecordFormatAndDecodesBack() {
        AudioChunk chunk =
                AudioChunk.builder()
                        .streamId("piano")
                        .seq(7)
                        .sampleRate(44_100)
                        .kind(RecordKind.CONTINUATION)
                        .samples(new float[] {0.5f, -0.25f, 0f, 32767f / 32768})
                        .endOfStream(true)
                        .build();
        ProducerRecord<byte[], byte[]> r =
                new OutputRecordSerializer("events")
                        .serialize(OutputRecord.continuation(chunk), null, null);
        assertThat(r.topic()).isEqualTo("events");
        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("piano");
        assertThat(header(r, AudioHeaders.KIND)).isEqualTo("continuation");
        assertThat(header(r, AudioHeaders.SEQ)).isEqualTo("7");
        assertThat(header(r, AudioHeaders.EOS)).isEqualTo("true");
        assertThat(header(r, AudioHeaders.SAMPLE_RATE)).isEqualTo("44100");
        assertThat(header(r, AudioHeaders.ENCODING)).isEqualTo("s16le");
        assertThat(r.value()).hasSize(8);
        AudioChunk back = new AudioRecordCodec().decode(r.key(), r.value(), r.headers());
        assertThat(back).isEqualTo(chunk);
    }

    @Test
    void eventsKeepTheirJsonValueAndKindHeader() {
        byte[] json = "{\"type\":\"classification\"}".getBytes(StandardCharsets.UTF_8);
        ProducerRecord<byte[], byte[]> r =
                new OutputRecordSerializer("events")
                        .serialize(new OutputRecord("a", OutputKind.EVENT, json), null, null);
        assertThat(r.value()).isEqualTo(json);
        assertThat(header(r, AudioHeaders.KIND)).isEqualTo("event");
        assertThat(r.headers().toArray()).hasSize(1);
    }

    @Test
    void anOutputRecordMustHoldWhatItsKindSays() {
        AudioChunk audio = AudioChunk.builder().streamId("a").samples(new float[] {0f}).build();
        assertThatThrownBy(() -> OutputRecord.continuation(audio))
                .hasMessageContaining("kind continuation");
        assertThatThrownBy(() -> new OutputRecord("a", OutputKind.EVENT, null))
                .hasMessageContaining("needs a value");
    }
}
