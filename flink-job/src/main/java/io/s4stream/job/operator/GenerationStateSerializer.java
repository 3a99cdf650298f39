package io.s4stream.job.operator;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * Flink serializer of {@link GenerationState}; copies are deep. Layout: generator state, next
 * index, seed, drawn, remaining, seq, output resampler.
 */
public final class GenerationStateSerializer extends TypeSerializerSingleton<GenerationState> {

    private static final long serialVersionUID = 1L;

    public static final GenerationStateSerializer INSTANCE = new GenerationStateSerializer();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public GenerationState createInstance() {
        return new GenerationState(new float[0], 0, 0, 0, 0, 0, null);
    }

    @Override
    public GenerationState copy(GenerationState from) {
        return from.copy();
    }

    @Override
    public GenerationState copy(GenerationState from, GenerationState reuse) {
        return from.copy();
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(GenerationState g, DataOutputView out) throws IOException {
        StateIo.writeFloats(g.state, out);
        out.writeInt(g.nextIndex);
        out.writeLong(g.seed);
        out.writeLong(g.drawn);
        out.writeLong(g.remaining);
        out.writeLong(g.seq);
        StateIo.writeResampler(g.resampler, out);
    }

    @Override
    public GenerationState deserialize(DataInputView in) throws IOException {
        return new GenerationState(
                StateIo.readFloats(in),
                in.readInt(),
                in.readLong(),
                in.readLong(),
                in.readLong(),
                in.readLong(),
                StateIo.readResampler(in));
    }

    @Override
    public GenerationState deserialize(GenerationState reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<GenerationState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot of the stateless serializer (layout version 1). */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<GenerationState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
