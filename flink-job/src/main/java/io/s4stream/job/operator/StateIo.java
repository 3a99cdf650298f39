package io.s4stream.job.operator;

import io.s4stream.audio.dsp.ResamplerState;
import io.s4stream.job.inference.SampleBuffer;

import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/** Field layouts shared by the operator's state serializers. */
final class StateIo {

    private StateIo() {}

    /** A nullable resampler state: length -1 for null, else its bytes. */
    static void writeResampler(ResamplerState state, DataOutputView out) throws IOException {
        if (state == null) {
            out.writeInt(-1);
        } else {
            byte[] bytes = state.toBytes();
            out.writeInt(bytes.length);
            out.write(bytes);
        }
    }

    static ResamplerState readResampler(DataInputView in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return ResamplerState.fromBytes(bytes);
    }

    /** A float array: length, then the values. */
    static void writeFloats(float[] values, DataOutputView out) throws IOException {
        out.writeInt(values.length);
        for (float v : values) {
            out.writeFloat(v);
        }
    }

    static float[] readFloats(DataInputView in) throws IOException {
        float[] values = new float[in.readInt()];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readFloat();
        }
        return values;
    }

    /** A sample buffer, laid out as a float array of its samples. */
    static void writeSamples(SampleBuffer samples, DataOutputView out) throws IOException {
        int n = samples.size();
        out.writeInt(n);
        for (int i = 0; i < n; i++) {
            out.writeFloat(samples.get(i));
        }
    }

    static SampleBuffer readSamples(DataInputView in) throws IOException {
        float[] values = readFloats(in);
        return SampleBuffer.of(values, values.length);
    }
}
