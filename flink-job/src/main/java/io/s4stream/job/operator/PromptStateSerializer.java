package io.s4stream.job.operator;

import io.s4stream.job.inference.SampleBuffer;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * Flink serializer of {@link PromptState}; copies are deep. Layout: resampler, generator state,
 * pending inputs, last index.
 */
public final class PromptStateSerializer extends TypeSerializerSingleton<PromptState> {

    private static final long serialVersionUID = 1L;

    public static final PromptStateSerializer INSTANCE = new PromptStateSerializer();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public PromptState createInstance() {
        return new PromptState(null, new float[0], new SampleBuffer(0), 0);
    }

    @Override
    public PromptState copy(PromptState from) {
        return from.copy();
    }

    @Override
    public PromptState copy(PromptState from, PromptState reuse) {
        return from.copy();
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(PromptState p, DataOutputView out) throws IOException {
        StateIo.writeResampler(p.resampler, out);
        StateIo.writeFloats(p.state, out);
        StateIo.writeSamples(p.pending, out);
        out.writeInt(p.lastIndex);
    }

    @Override
    public PromptState deserialize(DataInputView in) throws IOException {
        return new PromptState(
                StateIo.readResampler(in),
                StateIo.readFloats(in),
                StateIo.readSamples(in),
                in.readInt());
    }

    @Override
    public PromptState deserialize(PromptState reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<PromptState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot of the stateless serializer (layout version 1). */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<PromptState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
