package io.s4stream.audio.record;

import java.nio.FloatBuffer;

/** Little-endian PCM to and from floats, for the encodings of {@link AudioEncoding}. */
public final class PcmCodec {
    private static final float S16_SCALE = 32768f;

    private PcmCodec() {}

    /**
     * Decodes a whole record value, checking that float samples are finite and within [-1, 1].
     *
     * @throws InvalidAudioRecordException {@link InvalidReason#NON_FINITE_SAMPLE} or {@link
     *     InvalidReason#SAMPLE_OUT_OF_RANGE}, naming the sample index and value
     */
    public static float[] decode(byte[] pcm, AudioEncoding encoding) {
        float[] out = new float[pcm.length / encoding.bytesPerSample()];
        decode(pcm, 0, out.length, encoding, out, 0);
        if (encoding == AudioEncoding.F32LE) {
            for (int i = 0; i < out.length; i++) {
                float s = out[i];
                if (!Float.isFinite(s)) {
                    throw new InvalidAudioRecordException(
                            InvalidReason.NON_FINITE_SAMPLE, "sample " + i + " is " + s);
                }
                if (s < -1f || s > 1f) {
                    throw new InvalidAudioRecordException(
                            InvalidReason.SAMPLE_OUT_OF_RANGE,
                            "sample " + i + " is " + s + ", outside [-1, 1]");
                }
            }
        }
        return out;
    }

    /**
     * Decodes {@code count} samples from {@code src[srcOff..]} into {@code dst[dstOff..]} without
     * any range check.
     */
    public static void decode(
            byte[] src, int srcOff, int count, AudioEncoding encoding, float[] dst, int dstOff) {
        int p = srcOff;
        if (encoding == AudioEncoding.S16LE) {
            for (int i = 0; i < count; i++, p += 2) {
                short s = (short) ((src[p] & 0xff) | (src[p + 1] << 8));
                dst[dstOff + i] = s / S16_SCALE;
            }
        } else {
            for (int i = 0; i < count; i++, p += 4) {
                int bits =
                        (src[p] & 0xff)
                                | (src[p + 1] & 0xff) << 8
                                | (src[p + 2] & 0xff) << 16
                                | (src[p + 3] << 24);
                dst[dstOff + i] = Float.intBitsToFloat(bits);
            }
        }
    }

    /** Encodes all remaining samples of {@code samples} (position unchanged) into a new array. */
    public static byte[] encode(FloatBuffer samples, AudioEncoding encoding) {
        int n = samples.remaining();
        byte[] out = new byte[n * encoding.bytesPerSample()];
        encodeInto(samples, samples.position(), n, encoding, out, 0);
        return out;
    }

    /** Encodes {@code count} samples from {@code src[srcOff..]} into {@code dst[dstOff..]}. */
    public static void encode(
            float[] src, int srcOff, int count, AudioEncoding encoding, byte[] dst, int dstOff) {
        encodeInto(FloatBuffer.wrap(src), srcOff, count, encoding, dst, dstOff);
    }

    private static void encodeInto(
            FloatBuffer src, int base, int n, AudioEncoding encoding, byte[] dst, int dstOff) {
        int p = dstOff;
        if (encoding == AudioEncoding.S16LE) {
            for (int i = 0; i < n; i++, p += 2) {
                int q = quantizeS16(src.get(base + i));
                dst[p] = (byte) q;
                dst[p + 1] = (byte) (q >> 8);
            }
        } else {
            for (int i = 0; i < n; i++, p += 4) {
                int bits = Float.floatToRawIntBits(src.get(base + i));
                dst[p] = (byte) bits;
                dst[p + 1] = (byte) (bits >> 8);
                dst[p + 2] = (byte) (bits >> 16);
                dst[p + 3] = (byte) (bits >> 24);
            }
        }
    }

    /** The s16 code of {@code x}: round(x · 32768) clamped to [-32768, 32767]. */
    public static int quantizeS16(float x) {
        int q = Math.round(x * S16_SCALE);
        return Math.max(-32768, Math.min(32767, q));
    }

    /** {@code x} after an s16 round trip, what a consumer of an s16le record sees. */
    public static float roundTripS16(float x) {
        return quantizeS16(x) / S16_SCALE;
    }
}
