package io.s4stream.job.types;

import io.s4stream.job.record.OutputKind;
import io.s4stream.job.record.OutputRecord;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * Flink serializer for {@link OutputRecord} (treated as immutable, so copies are the instance
 * itself). Layout: stream id, kind, then the event's value (length, bytes) or the audio chunk
 * ({@link AudioChunkSerializer}).
 */
public final class OutputRecordTypeSerializer extends TypeSerializerSingleton<OutputRecord> {

    private static final long serialVersionUID = 1L;

    public static final OutputRecordTypeSerializer INSTANCE = new OutputRecordTypeSerializer();

    private static final OutputKind[] KINDS = OutputKind.values();

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public OutputRecord createInstance() {
        return OutputRecord.event("-", new byte[0]);
    }

    @Override
    public OutputRecord copy(OutputRecord from) {
        return from;
    }

    @Override
    public OutputRecord copy(OutputRecord from, OutputRecord reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(OutputRecord record, DataOutputView out) throws IOException {
        out.writeUTF(record.streamId());
        out.writeByte(record.kind().ordinal());
        if (record.kind() == OutputKind.EVENT) {
            out.writeInt(record.value().length);
            out.write(record.value());
        } else {
            AudioChunkSerializer.INSTANCE.serialize(record.audio(), out);
        }
    }

    @Override
    public OutputRecord deserialize(DataInputView in) throws IOException {
        String streamId = in.readUTF();
        OutputKind kind = KINDS[in.readByte()];
        if (kind == OutputKind.EVENT) {
            byte[] value = new byte[in.readInt()];
            in.readFully(value);
            return OutputRecord.event(streamId, value);
        }
        return OutputRecord.continuation(AudioChunkSerializer.INSTANCE.deserialize(in));
    }

    @Override
    public OutputRecord deserialize(OutputRecord reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<OutputRecord> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot of the stateless serializer. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<OutputRecord> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
