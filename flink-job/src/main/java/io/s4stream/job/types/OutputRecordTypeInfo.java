package io.s4stream.job.types;

import io.s4stream.job.record.OutputRecord;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Type information for {@link OutputRecord}, so Flink uses {@link OutputRecordTypeSerializer}. */
public final class OutputRecordTypeInfo extends TypeInformation<OutputRecord> {

    private static final long serialVersionUID = 1L;

    public static final OutputRecordTypeInfo INSTANCE = new OutputRecordTypeInfo();

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
    public Class<OutputRecord> getTypeClass() {
        return OutputRecord.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<OutputRecord> createSerializer(SerializerConfig config) {
        return OutputRecordTypeSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "OutputRecord";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof OutputRecordTypeInfo;
    }

    @Override
    public int hashCode() {
        return OutputRecordTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object obj) {
        return obj instanceof OutputRecordTypeInfo;
    }
}
