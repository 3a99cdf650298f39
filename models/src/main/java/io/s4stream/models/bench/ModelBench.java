package io.s4stream.models.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.s4stream.models.compile.ModelCompiler;
import io.s4stream.models.io.Safetensors;
import io.s4stream.models.onnx.ModelGraphCompiler;
import io.s4stream.models.runtime.ModelManifest;
import io.s4stream.models.runtime.RuntimeOptions;
import io.s4stream.models.runtime.S4Runtime;
import io.s4stream.models.runtime.StateSpec;
import io.s4stream.models.spec.ModelSpec;
import io.s4stream.models.spec.ModelSpecJson;
import java.io.PrintWriter;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Samples per second of one model in every execution form, all in one process so the ratios are
 * fair: the naive per-sample baseline (new tensors every call, as a first ORT integration does),
 * per-sample with reused bound buffers, and exact chunks of T samples, each at several batch
 * sizes; plus GFLOP/s against a matrix-product peak measured in the same run. Medians of reps.
 */
public final class ModelBench {
    private final Path modelDir;
    private final ModelManifest manifest;
    private final ModelSpec spec;
    private final RateMeter meter;
    private final PrintWriter out;

    public ModelBench(Path modelDir, double secondsPerRep, int reps, PrintWriter out) {
        this.modelDir = modelDir;
        this.manifest = ModelManifest.read(modelDir);
        this.spec = ModelSpecJson.read(modelDir.resolve(ModelCompiler.MODEL_JSON));
        this.meter = new RateMeter(secondsPerRep, reps);
        this.out = out;
    }

    /** One measured configuration. */
    public record Row(String mode, int batch, int samples, double samplesPerSecond, double gflops) {}

    public void run(List<Integer> batches, List<Integer> chunks) throws OrtException {
        double peak = MatMulPeak.gflops(1);
        out.printf("model %s %s: %s, %d Hz, frame %d, %d state floats per stream; 1 intra-op thread%n",
                manifest.name(), manifest.version(), manifest.task(), manifest.sampleRate(), manifest.frame(),
                manifest.stateSize());
        out.printf("matrix-product peak (ORT MatMul 512^3, 1 thread): %.1f GFLOP/s%n", peak);
        out.printf("%-22s %6s %6s %14s %10s %9s %8s%n", "mode", "batch", "T", "samples/s", "x naive", "GFLOP/s", "% peak");
        for (int b : batches) {
            Row naive = naive(b);
            print(naive, naive, peak);
            print(runtime(b, 0), naive, peak);
            for (int t : chunks) {
                print(runtime(b, t), naive, peak);
            }
        }
    }

    private void print(Row r, Row naive, double peak) {
        out.printf("%-22s %6d %6s %14.0f %10.1f %9.2f %8.1f%n", r.mode(), r.batch(),
                r.samples() == manifest.frame() && !r.mode().startsWith("chunk") ? "-" : Integer.toString(r.samples()),
                r.samplesPerSecond(), r.samplesPerSecond() / naive.samplesPerSecond(), r.gflops(),
                100 * r.gflops() / peak);
        out.flush();
    }

    /** Step graph via S4Runtime (T = 0) or the exact chunk graph of T samples, reused buffers. */
    public Row runtime(int batch, int t) {
        RuntimeOptions opts = RuntimeOptions.builder().chunkSize(t).maxBatch(batch).intraOpThreads(1).build();
        try (S4Runtime rt = S4Runtime.open(modelDir, opts)) {
            int samples = t == 0 ? manifest.frame() : t;
            float[][] states = new float[batch][];
            for (int i = 0; i < batch; i++) {
                states[i] = rt.newState();
            }
            float[] input = signal(batch * samples * manifest.inputChannels());
            float[] output = new float[batch * (samples / manifest.frame()) * manifest.outputChannels()];
            Runnable call = t == 0
                    ? () -> rt.advanceStep(states, batch, input, output)
                    : () -> rt.advanceChunk(states, batch, input, output);
            double callsPerSecond = meter.callsPerSecond(call);
            double sps = callsPerSecond * batch * samples;
            double gflops = callsPerSecond * batch * FlopCount.perCall(spec, samples) / 1e9;
            return new Row(t == 0 ? "per-sample, reused" : "chunk, reused", batch, samples, sps, gflops);
        }
    }

    /**
     * The naive baseline: the step graph with new input tensors from Java arrays, new output
     * tensors and copies every call: what a straightforward per-sample ORT loop does.
     */
    public Row naive(int batch) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        ModelGraphCompiler compiler = new ModelGraphCompiler(spec, Safetensors.read(modelDir.resolve(ModelCompiler.WEIGHTS)));
        int samples = manifest.frame();
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(compiler.compileStep(), so)) {
                float[][] states = new float[manifest.states().size()][];
                for (int s = 0; s < states.length; s++) {
                    states[s] = new float[batch * manifest.states().get(s).length()];
                }
                float[] input = signal(batch * samples * manifest.inputChannels());
                Runnable call = () -> naiveCall(env, session, batch, samples, input, states);
                double callsPerSecond = meter.callsPerSecond(call);
                return new Row("per-sample, naive", batch, samples, callsPerSecond * batch * samples,
                        callsPerSecond * batch * FlopCount.perCall(spec, samples) / 1e9);
            }
        }
    }

    private void naiveCall(OrtEnvironment env, OrtSession session, int batch, int samples, float[] input, float[][] states) {
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("u", OnnxTensor.createTensor(env, FloatBuffer.wrap(input.clone()),
                    new long[] {batch, samples, manifest.inputChannels()}));
            for (int s = 0; s < states.length; s++) {
                StateSpec st = manifest.states().get(s);
                inputs.put(st.name(), OnnxTensor.createTensor(env, FloatBuffer.wrap(states[s].clone()),
                        new long[] {st.channels(), batch, st.size()}));
            }
            try (OrtSession.Result r = session.run(inputs)) {
                float[] y = copy(r.get("y").orElseThrow());
                if (y.length == 0) {
                    throw new IllegalStateException("empty output");
                }
                for (int s = 0; s < states.length; s++) {
                    states[s] = copy(r.get(manifest.states().get(s).name() + "_out").orElseThrow());
                }
            }
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private static float[] copy(OnnxValue v) {
        FloatBuffer fb = ((OnnxTensor) v).getFloatBuffer();
        float[] a = new float[fb.remaining()];
        fb.get(a);
        return a;
    }

    private float[] signal(int n) {
        Random r = new Random(42);
        float[] v = new float[n];
        boolean mulaw = "mulaw-index".equals(manifest.inputEncoding());
        for (int i = 0; i < n; i++) {
            v[i] = mulaw ? r.nextInt(256) : (float) (0.3 * Math.sin(i * 0.05) + 0.05 * r.nextGaussian());
        }
        return v;
    }
}
