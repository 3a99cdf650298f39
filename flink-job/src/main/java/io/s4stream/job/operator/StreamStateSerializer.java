package io.s4stream.job.operator;

import io.s4stream.audio.dsp.ResamplerState;
import io.s4stream.job.inference.ClassificationTally;
import io.s4stream.job.inference.SampleBuffer;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/** Flink serializer of {@link StreamState}; copies are deep. */
public final class StreamStateSerializer extends TypeSerializerSingleton<StreamState> {

    private static final long serialVersionUID = 1L;

    public static final StreamStateSerializer INSTANCE = new StreamStateSerializer();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public StreamState createInstance() {
        return new StreamState(
                -1,
                0,
                0,
                null,
                new float[0],
                new SampleBuffer(0),
                0,
                new ClassificationTally(0),
                0,
                -1);
    }

    @Override
    public StreamState copy(StreamState from) {
        return from.copy();
    }

    @Override
    public StreamState copy(StreamState from, StreamState reuse) {
        return from.copy();
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(StreamState s, DataOutputView out) throws IOException {
        out.writeLong(s.lastSeq);
        out.writeInt(s.sourceRate);
        out.writeInt(s.channels);
        if (s.resampler == null) {
            out.writeInt(-1);
        } else {
            byte[] bytes = s.resampler.toBytes();
            out.writeInt(bytes.length);
            out.write(bytes);
        }
        out.writeInt(s.s4State.length);
        for (float v : s.s4State) {
            out.writeFloat(v);
        }
        int pending = s.pending.size();
        out.writeInt(pending);
        for (int i = 0; i < pending; i++) {
            out.writeFloat(s.pending.get(i));
        }
        out.writeLong(s.position);
        ClassificationTally t = s.tally;
        out.writeLong(t.frames());
        out.writeLong(t.hopIndex());
        out.writeInt(t.hopFrames());
        out.writeInt(t.labels());
        for (int i = 0; i < t.labels(); i++) {
            out.writeDouble(t.hopSum(i));
            out.writeDouble(t.totalSum(i));
        }
        out.writeLong(s.lastSeenMillis);
        out.writeLong(s.idleTimerMillis);
    }

    @Override
    public StreamState deserialize(DataInputView in) throws IOException {
        long lastSeq = in.readLong();
        int sourceRate = in.readInt();
        int channels = in.readInt();
        int resamplerBytes = in.readInt();
        ResamplerState resampler = null;
        if (resamplerBytes >= 0) {
            byte[] bytes = new byte[resamplerBytes];
            in.readFully(bytes);
            resampler = ResamplerState.fromBytes(bytes);
        }
        float[] s4State = new float[in.readInt()];
        for (int i = 0; i < s4State.length; i++) {
            s4State[i] = in.readFloat();
        }
        float[] pending = new float[in.readInt()];
        for (int i = 0; i < pending.length; i++) {
            pending[i] = in.readFloat();
        }
        long position = in.readLong();
        long frames = in.readLong();
        long hopIndex = in.readLong();
        int hopFrames = in.readInt();
        int labels = in.readInt();
        double[] hopSum = new double[labels];
        double[] totalSum = new double[labels];
        for (int i = 0; i < labels; i++) {
            hopSum[i] = in.readDouble();
            totalSum[i] = in.readDouble();
        }
        return new StreamState(
                lastSeq,
                sourceRate,
                channels,
                resampler,
                s4State,
                SampleBuffer.of(pending, pending.length),
                position,
                new ClassificationTally(frames, hopIndex, hopFrames, hopSum, totalSum),
                in.readLong(),
                in.readLong());
    }

    @Override
    public StreamState deserialize(StreamState reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<StreamState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot of the stateless serializer (layout version 1). */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<StreamState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
