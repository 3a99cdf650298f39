package io.s4stream.audio.dsp;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Everything a {@link StreamResampler} needs to resume exactly where it stopped: its configuration,
 * the input not yet handed to the filter, and the filter's own state. Small (a few hundred floats),
 * immutable, {@link Serializable}, and convertible to compact bytes with {@link #toBytes()} for
 * keyed state.
 *
 * @param sourceRate input rate in Hz
 * @param targetRate output rate in Hz
 * @param quality filter quality
 * @param pending input samples waiting for a full block
 * @param filterHistory the filter's input history
 * @param filterPosition the filter's read position in its history
 * @param filterTime the filter's fractional time
 * @param filterOutput output computed but not yet emitted (empty between calls)
 * @param inputSamples samples accepted so far
 * @param outputSamples samples emitted so far
 * @param finished whether the stream was flushed
 */
public record ResamplerState(
        int sourceRate,
        int targetRate,
        ResamplerQuality quality,
        float[] pending,
        float[] filterHistory,
        int filterPosition,
        double filterTime,
        float[] filterOutput,
        long inputSamples,
        long outputSamples,
        boolean finished)
        implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int FORMAT = 0x53345231; // "S4R1"

    public ResamplerState {
        Objects.requireNonNull(quality, "quality");
        pending = pending.clone();
        filterHistory = filterHistory.clone();
        filterOutput = filterOutput.clone();
    }

    @Override
    public float[] pending() {
        return pending.clone();
    }

    @Override
    public float[] filterHistory() {
        return filterHistory.clone();
    }

    @Override
    public float[] filterOutput() {
        return filterOutput.clone();
    }

    /** Compact big-endian bytes; read back with {@link #fromBytes(byte[])}. */
    public byte[] toBytes() {
        int floats = pending.length + filterHistory.length + filterOutput.length;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 4 * floats);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            out.writeInt(sourceRate);
            out.writeInt(targetRate);
            out.writeUTF(quality.name());
            writeFloats(out, pending);
            writeFloats(out, filterHistory);
            out.writeInt(filterPosition);
            out.writeDouble(filterTime);
            writeFloats(out, filterOutput);
            out.writeLong(inputSamples);
            out.writeLong(outputSamples);
            out.writeBoolean(finished);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads bytes written by {@link #toBytes()}.
     *
     * @throws IllegalArgumentException when the bytes are not a resampler state
     */
    public static ResamplerState fromBytes(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IllegalArgumentException(
                        "not a resampler state: format 0x" + Integer.toHexString(format));
            }
            ResamplerState s =
                    new ResamplerState(
                            in.readInt(),
                            in.readInt(),
                            ResamplerQuality.valueOf(in.readUTF()),
                            readFloats(in),
                            readFloats(in),
                            in.readInt(),
                            in.readDouble(),
                            readFloats(in),
                            in.readLong(),
                            in.readLong(),
                            in.readBoolean());
            if (in.available() != 0) {
                throw new IllegalArgumentException(
                        "resampler state has " + in.available() + " trailing bytes");
            }
            return s;
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated resampler state", e);
        }
    }

    private static void writeFloats(DataOutputStream out, float[] a) throws IOException {
        out.writeInt(a.length);
        for (float v : a) {
            out.writeFloat(v);
        }
    }

    private static float[] readFloats(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available() / 4) {
            throw new IllegalArgumentException("bad array length " + n + " in resampler state");
        }
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.readFloat();
        }
        return a;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResamplerState s
                && sourceRate == s.sourceRate
                && targetRate == s.targetRate
                && quality == s.quality
                && filterPosition == s.filterPosition
                && Double.compare(filterTime, s.filterTime) == 0
                && inputSamples == s.inputSamples
                && outputSamples == s.outputSamples
                && finished == s.finished
                && Arrays.equals(pending, s.pending)
                && Arrays.equals(filterHistory, s.filterHistory)
                && Arrays.equals(filterOutput, s.filterOutput);
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(sourceRate, targetRate, quality, filterPosition, filterTime);
        h = 31 * h + Long.hashCode(inputSamples) + 7 * Long.hashCode(outputSamples);
        return 31 * h + Arrays.hashCode(pending) + Arrays.hashCode(filterHistory);
    }

    @Override
    public String toString() {
        return "ResamplerState["
                + sourceRate
                + "->"
                + targetRate
                + " Hz, "
                + quality
                + ", pending="
                + pending.length
                + ", history="
                + filterHistory.length
                + ", in="
                + inputSamples
                + ", out="
                + outputSamples
                + (finished ? ", finished" : "")
                + "]";
    }
}
