package io.s4stream.job.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.s4stream.audio.dsp.StreamResampler;
import io.s4stream.job.inference.ClassificationTally;
import io.s4stream.job.inference.SampleBuffer;

import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class StreamStateSerializerTest {

    private static StreamState sample() {
        StreamResampler r = new StreamResampler(48_000, 44_100);
        float[] sine = new float[1000];
        for (int i = 0; i < sine.length; i++) {
            sine[i] = (float) Math.sin(i * 0.05);
        }
        r.process(sine, 0, sine.length, (s, o, l) -> {});
        return new StreamState(
                7,
                48_000,
                2,
                r.snapshot(),
                new float[] {1f, 2f, 3f},
                SampleBuffer.of(new float[] {0.1f, 0.2f}, 2),
                12_345,
                new ClassificationTally(9, 2, 1, new double[] {0.5, 0.25}, new double[] {4, 5}),
                1_000,
                301_000);
    }

    private static void assertSame(StreamState a, StreamState b) {
        assertThat(a).usingRecursiveComparison().isEqualTo(b);
    }

    @Test
    void roundTripsAndCopiesDeeply() throws Exception {
        StreamState s = sample();
        DataOutputSerializer out = new DataOutputSerializer(256);
        StreamStateSerializer.INSTANCE.serialize(s, out);
        StreamState back =
                StreamStateSerializer.INSTANCE.deserialize(
                        new DataInputDeserializer(out.getCopyOfBuffer()));
        assertSame(back, s);

        StreamState copy = StreamStateSerializer.INSTANCE.copy(s);
        assertSame(copy, s);
        copy.s4State[0] = 99f;
        copy.pending.consume(1);
        assertThat(s.s4State[0]).isEqualTo(1f);
        assertThat(s.pending.size()).isEqualTo(2);
    }

    @Test
    void roundTripsAStateWithoutResampler() throws Exception {
        StreamState s = sample();
        s.resampler = null;
        DataOutputSerializer out = new DataOutputSerializer(256);
        StreamStateSerializer.INSTANCE.serialize(s, out);
        DataOutputSerializer copied = new DataOutputSerializer(256);
        StreamStateSerializer.INSTANCE.copy(
                new DataInputDeserializer(out.getCopyOfBuffer()), copied);
        StreamState back =
                StreamStateSerializer.INSTANCE.deserialize(
                        new DataInputDeserializer(copied.getCopyOfBuffer()));
        assertSame(back, s);
    }
}
