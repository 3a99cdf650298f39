package io.s4stream.job.types;

import io.s4stream.audio.record.AudioChunk;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Type information for {@link AudioChunk}, so Flink uses {@link AudioChunkSerializer}. */
public final class AudioChunkTypeInfo extends TypeInformation<AudioChunk> {

    private static final long serialVersionUID = 1L;

    public static final AudioChunkTypeInfo INSTANCE = new AudioChunkTypeInfo();

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<AudioChunk> getTypeClass() {
        return AudioChunk.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<AudioChunk> createSerializer(SerializerConfig config) {
        return AudioChunkSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "AudioChunk";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof AudioChunkTypeInfo;
    }

    @Override
    public int hashCode() {
        return AudioChunkTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object obj) {
        return obj instanceof AudioChunkTypeInfo;
    }
}
