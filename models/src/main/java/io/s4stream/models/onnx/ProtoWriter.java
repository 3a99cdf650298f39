package io.s4stream.models.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Protocol-buffers wire encoding: the few field kinds an ONNX model needs. */
final class ProtoWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private void varint(long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private void tag(int field, int wireType) {
        varint(((long) field << 3) | wireType);
    }

    ProtoWriter int64(int field, long v) {
        tag(field, 0);
        varint(v);
        return this;
    }

    ProtoWriter float32(int field, float v) {
        tag(field, 5);
        int bits = Float.floatToIntBits(v);
        for (int i = 0; i < 4; i++) {
            out.write((bits >>> (8 * i)) & 0xFF);
        }
        return this;
    }

    ProtoWriter bytes(int field, byte[] v) {
        tag(field, 2);
        varint(v.length);
        out.writeBytes(v);
        return this;
    }

    ProtoWriter string(int field, String v) {
        return bytes(field, v.getBytes(StandardCharsets.UTF_8));
    }

    ProtoWriter message(int field, ProtoWriter v) {
        return bytes(field, v.toByteArray());
    }

    /** A packed repeated int64 field. */
    ProtoWriter packedInt64(int field, long[] values) {
        ProtoWriter inner = new ProtoWriter();
        for (long v : values) {
            inner.varint(v);
        }
        return bytes(field, inner.toByteArray());
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
