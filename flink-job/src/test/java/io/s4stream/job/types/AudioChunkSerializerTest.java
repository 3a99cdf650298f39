package io.s4stream.job.types;

import static org.assertj.core.api.Assertions.assertThat;

import io.s4stream.audio.record.AudioChunk;
import io.s4stream.audio.record.AudioEncoding;

import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class AudioChunkSerializerTest {

    @Test
    void roundTripsEveryFieldAndCopiesSerializedForm() throws Exception {
        AudioChunk chunk =
                AudioChunk.builder()
                        .streamId("späť-1")
                        .seq(41)
                        .sampleRate(48_000)
                        .channels(2)
                        .encoding(AudioEncoding.F32LE)
                        .samples(new float[] {0.5f, -0.25f, 1f, -1f})
                        .endOfStream(true)
                        .continueSeconds(2.5)
                        .build();
        DataOutputSerializer out = new DataOutputSerializer(64);
        AudioChunkSerializer.INSTANCE.serialize(chunk, out);
        AudioChunk back =
                AudioChunkSerializer.INSTANCE.deserialize(
                        new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(back).isEqualTo(chunk);

        DataOutputSerializer copied = new DataOutputSerializer(64);
        AudioChunkSerializer.INSTANCE.copy(
                new DataInputDeserializer(out.getCopyOfBuffer()), copied);
        assertThat(copied.getCopyOfBuffer()).isEqualTo(out.getCopyOfBuffer());
        assertThat(AudioChunkSerializer.INSTANCE.snapshotConfiguration().restoreSerializer())
                .isSameAs(AudioChunkSerializer.INSTANCE);
    }
}
