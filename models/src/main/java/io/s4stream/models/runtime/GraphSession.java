package io.s4stream.models.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One ONNX Runtime session over a graph that advances {@code samples} input samples, with its
 * input, state and output tensors bound once per batch size over reused direct buffers (outputs are
 * pinned, so ORT writes straight into them). Each stream's state ([H][N] per layer, a plain array)
 * is scattered into the stacked [H, B, N] tensors with one bulk copy per channel, and gathered back
 * the same way. Not thread-safe.
 */
final class GraphSession implements AutoCloseable {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final ModelManifest manifest;
    private final int samples;
    private final int outSteps;
    private final Map<Integer, Bindings> bindings = new HashMap<>();
    private boolean closed;

    GraphSession(OrtEnvironment env, byte[] graph, OrtSession.SessionOptions options, ModelManifest manifest,
            int samples) throws OrtException {
        this.env = env;
        this.session = env.createSession(graph, options);
        this.manifest = manifest;
        this.samples = samples;
        this.outSteps = samples / manifest.frame();
    }

    int samples() {
        return samples;
    }

    /** See {@link S4Runtime#advanceChunk}: the same contract for this graph's length. */
    void advance(float[][] states, int batch, float[] input, float[] output) throws OrtException {
        Bindings b = bindings.get(batch);
        if (b == null) {
            b = new Bindings(batch);
            bindings.put(batch, b);
        }
        b.input.clear();
        b.input.put(input, 0, batch * samples * manifest.inputChannels());
        int offset = 0;
        for (int s = 0; s < manifest.states().size(); s++) {
            StateSpec spec = manifest.states().get(s);
            FloatBuffer buf = b.stateIn[s];
            int n = spec.size();
            for (int h = 0; h < spec.channels(); h++) {
                int src = offset + h * n;
                int dst = h * batch * n;
                for (int i = 0; i < batch; i++) {
                    buf.put(dst + i * n, states[i], src, n);
                }
            }
            offset += spec.length();
        }
        try (OrtSession.Result ignored = session.run(b.inputs, b.outputs)) {
            b.output.clear();
            b.output.get(output, 0, batch * outSteps * manifest.outputChannels());
            offset = 0;
            for (int s = 0; s < manifest.states().size(); s++) {
                StateSpec spec = manifest.states().get(s);
                FloatBuffer buf = b.stateOut[s];
                int n = spec.size();
                for (int h = 0; h < spec.channels(); h++) {
                    int dst = offset + h * n;
                    int src = h * batch * n;
                    for (int i = 0; i < batch; i++) {
                        buf.get(src + i * n, states[i], dst, n);
                    }
                }
                offset += spec.length();
            }
        }
    }

    private static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(4 * floats).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** Tensors over direct buffers for one batch size. */
    private final class Bindings implements AutoCloseable {
        final FloatBuffer input;
        final FloatBuffer output;
        final FloatBuffer[] stateIn;
        final FloatBuffer[] stateOut;
        final Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
        final Map<String, OnnxTensor> outputs = new LinkedHashMap<>();

        Bindings(int batch) throws OrtException {
            List<StateSpec> specs = manifest.states();
            input = direct(batch * samples * manifest.inputChannels());
            output = direct(batch * outSteps * manifest.outputChannels());
            stateIn = new FloatBuffer[specs.size()];
            stateOut = new FloatBuffer[specs.size()];
            try {
                inputs.put("u", OnnxTensor.createTensor(env, input, new long[] {batch, samples, manifest.inputChannels()}));
                outputs.put("y", OnnxTensor.createTensor(env, output, new long[] {batch, outSteps, manifest.outputChannels()}));
                for (int s = 0; s < specs.size(); s++) {
                    StateSpec spec = specs.get(s);
                    long[] shape = {spec.channels(), batch, spec.size()};
                    stateIn[s] = direct(batch * spec.length());
                    stateOut[s] = direct(batch * spec.length());
                    inputs.put(spec.name(), OnnxTensor.createTensor(env, stateIn[s], shape));
                    outputs.put(spec.name() + "_out", OnnxTensor.createTensor(env, stateOut[s], shape));
                }
            } catch (OrtException | RuntimeException e) {
                close();
                throw e;
            }
        }

        @Override
        public void close() {
            inputs.values().forEach(OnnxTensor::close);
            outputs.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public void close() throws OrtException {
        if (closed) {
            return;
        }
        closed = true;
        bindings.values().forEach(Bindings::close);
        bindings.clear();
        session.close();
    }
}
