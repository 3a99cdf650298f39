package io.s4stream.job.types;

import io.s4stream.audio.record.AudioChunk;
import io.s4stream.audio.record.AudioEncoding;
import io.s4stream.audio.record.RecordKind;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * Flink serializer for {@link AudioChunk} (immutable, so copies are the instance itself). Layout:
 * stream id, seq, sample rate, channels, encoding, kind, eos, continue seconds, sample count,
 * samples as float bits.
 */
public final class AudioChunkSerializer extends TypeSerializerSingleton<AudioChunk> {

    private static final long serialVersionUID = 1L;

    public static final AudioChunkSerializer INSTANCE = new AudioChunkSerializer();

    private static final AudioEncoding[] ENCODINGS = AudioEncoding.values();
    private static final RecordKind[] KINDS = RecordKind.values();

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public AudioChunk createInstance() {
        return AudioChunk.builder().streamId("-").endOfStream(true).build();
    }

    @Override
    public AudioChunk copy(AudioChunk from) {
        return from;
    }

    @Override
    public AudioChunk copy(AudioChunk from, AudioChunk reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(AudioChunk chunk, DataOutputView out) throws IOException {
        out.writeUTF(chunk.streamId());
        out.writeLong(chunk.seq());
        out.writeInt(chunk.sampleRate());
        out.writeByte(chunk.channels());
        out.writeByte(chunk.encoding().ordinal());
        out.writeByte(chunk.kind().ordinal());
        out.writeBoolean(chunk.endOfStream());
        out.writeDouble(chunk.continueSeconds());
        int n = chunk.sampleCount();
        out.writeInt(n);
        for (int i = 0; i < n; i++) {
            out.writeFloat(chunk.sample(i));
        }
    }

    @Override
    public AudioChunk deserialize(DataInputView in) throws IOException {
        AudioChunk.Builder b =
                AudioChunk.builder()
                        .streamId(in.readUTF())
                        .seq(in.readLong())
                        .sampleRate(in.readInt())
                        .channels(in.readByte())
                        .encoding(ENCODINGS[in.readByte()])
                        .kind(KINDS[in.readByte()])
                        .endOfStream(in.readBoolean())
                        .continueSeconds(in.readDouble());
        float[] samples = new float[in.readInt()];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = in.readFloat();
        }
        return b.samples(samples).build();
    }

    @Override
    public AudioChunk deserialize(AudioChunk reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        out.writeUTF(in.readUTF());
        out.writeLong(in.readLong());
        out.writeInt(in.readInt());
        out.write(in, 4);
        out.writeDouble(in.readDouble());
        int n = in.readInt();
        out.writeInt(n);
        out.write(in, n * Float.BYTES);
    }

    @Override
    public TypeSerializerSnapshot<AudioChunk> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot of the stateless serializer. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<AudioChunk> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
