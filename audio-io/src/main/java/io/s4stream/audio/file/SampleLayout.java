package io.s4stream.audio.file;

import javax.sound.sampled.AudioFormat;

/** How one sample is stored in a file: kind and byte width. */
enum SampleLayout {
    SIGNED_8(1),
    UNSIGNED_8(1),
    SIGNED_16(2),
    UNSIGNED_16(2),
    SIGNED_24(3),
    UNSIGNED_24(3),
    SIGNED_32(4),
    UNSIGNED_32(4),
    FLOAT_32(4),
    FLOAT_64(8);

    private final int bytes;

    SampleLayout(int bytes) {
        this.bytes = bytes;
    }

    int bytes() {
        return bytes;
    }

    /** The layout for a Java Sound format, or null when unsupported. */
    static SampleLayout of(AudioFormat.Encoding encoding, int bits, int frameSize, int channels) {
        if (frameSize != channels * ((bits + 7) / 8)) {
            return null;
        }
        if (AudioFormat.Encoding.PCM_FLOAT.equals(encoding)) {
            return bits == 32 ? FLOAT_32 : bits == 64 ? FLOAT_64 : null;
        }
        boolean signed = AudioFormat.Encoding.PCM_SIGNED.equals(encoding);
        if (!signed && !AudioFormat.Encoding.PCM_UNSIGNED.equals(encoding)) {
            return null;
        }
        switch (bits) {
            case 8:
                return signed ? SIGNED_8 : UNSIGNED_8;
            case 16:
                return signed ? SIGNED_16 : UNSIGNED_16;
            case 24:
                return signed ? SIGNED_24 : UNSIGNED_24;
            case 32:
                return signed ? SIGNED_32 : UNSIGNED_32;
            default:
                return null;
        }
    }

    /** Decodes {@code out.length} samples from {@code in}. */
    void decode(byte[] in, float[] out, boolean bigEndian) {
        int p = 0;
        for (int i = 0; i < out.length; i++, p += bytes) {
            long raw = 0;
            for (int k = 0; k < bytes; k++) {
                int b = in[bigEndian ? p + k : p + bytes - 1 - k] & 0xff;
                raw = (raw << 8) | b;
            }
            out[i] = toFloat(raw);
        }
    }

    private float toFloat(long raw) {
        int bits = bytes * 8;
        switch (this) {
            case FLOAT_32:
                return Float.intBitsToFloat((int) raw);
            case FLOAT_64:
                return (float) Double.longBitsToDouble(raw);
            case UNSIGNED_8:
            case UNSIGNED_16:
            case UNSIGNED_24:
            case UNSIGNED_32:
                return (float) ((raw - (1L << (bits - 1))) / (double) (1L << (bits - 1)));
            default:
                long signed = (raw << (64 - bits)) >> (64 - bits);
                return (float) (signed / (double) (1L << (bits - 1)));
        }
    }
}
