package io.s4stream.job.types;

import static org.assertj.core.api.Assertions.assertThat;

import io.s4stream.audio.record.AudioChunk;
import io.s4stream.audio.record.RecordKind;
import io.s4stream.job.record.OutputRecord;

import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

class OutputRecordTypeSerializerTest {

    @Test
    void roundTripsEventsAndContinuationAudio() throws Exception {
        OutputRecord event =
                OutputRecord.event("a", "{\"type\":\"x\"}".getBytes(StandardCharsets.UTF_8));
        OutputRecord audio =
                OutputRecord.continuation(
                        AudioChunk.builder()
                                .streamId("a")
                                .seq(3)
                                .sampleRate(22_050)
                                .kind(RecordKind.CONTINUATION)
                                .samples(new float[] {0.5f, -0.25f, 0f})
                                .endOfStream(true)
                                .build());
        for (OutputRecord r : List.of(event, audio)) {
            DataOutputSerializer out = new DataOutputSerializer(64);
            OutputRecordTypeSerializer.INSTANCE.serialize(r, out);
            OutputRecord back =
                    OutputRecordTypeSerializer.INSTANCE.deserialize(
                            new DataInputDeserializer(out.getCopyOfBuffer()));
            assertThat(back).isEqualTo(r);
            DataOutputSerializer copied = new DataOutputSerializer(64);
            OutputRecordTypeSerializer.INSTANCE.copy(
                    new DataInputDeserializer(out.getCopyOfBuffer()), copied);
            assertThat(copied.getCopyOfBuffer()).isEqualTo(out.getCopyOfBuffer());
        }
        assertThat(OutputRecordTypeSerializer.INSTANCE.snapshotConfiguration().restoreSerializer())
                .isSameAs(OutputRecordTypeSerializer.INSTANCE);
    }
}
