package io.s4stream.models.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.s4stream.models.onnx.OnnxGraph;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;

/** Measures ONNX Runtime's single-thread matrix-product rate (a 512^3 MatMul) in GFLOP/s. */
public final class MatMulPeak {
    private MatMulPeak() {}

    public static double gflops(int threads) throws OrtException {
        int n = 512;
        OnnxGraph g = new OnnxGraph("peak");
        String a = g.input("a", n, n);
        String b = g.input("b", n, n);
        g.output(g.op("MatMul", a, b), "c", n, n);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setIntraOpNumThreads(threads);
            try (OrtSession s = env.createSession(g.toBytes(), so)) {
                FloatBuffer fa = ByteBuffer.allocateDirect(4 * n * n).order(ByteOrder.nativeOrder()).asFloatBuffer();
                FloatBuffer fb = ByteBuffer.allocateDirect(4 * n * n).order(ByteOrder.nativeOrder()).asFloatBuffer();
                FloatBuffer fc = ByteBuffer.allocateDirect(4 * n * n).order(ByteOrder.nativeOrder()).asFloatBuffer();
                for (int i = 0; i < n * n; i++) {
                    fa.put(i, (float) Math.sin(i));
                    fb.put(i, (float) Math.cos(i));
                }
                long[] shape = {n, n};
                try (OnnxTensor ta = OnnxTensor.createTensor(env, fa, shape);
                        OnnxTensor tb = OnnxTensor.createTensor(env, fb, shape);
                        OnnxTensor tc = OnnxTensor.createTensor(env, fc, shape)) {
                    Map<String, OnnxTensor> in = Map.of("a", ta, "b", tb);
                    Map<String, OnnxTensor> out = Map.of("c", tc);
                    double[] rates = new double[5];
                    for (int rep = 0; rep < rates.length; rep++) {
                        int calls = 0;
                        long start = System.nanoTime();
                        long elapsed;
                        do {
                            s.run(in, out).close();
                            calls++;
                            elapsed = System.nanoTime() - start;
                        } while (elapsed < 200_000_000L);
                        rates[rep] = 2.0 * n * n * n * calls / elapsed;
                    }
                    return Stats.median(rates);
                }
            }
        }
    }
}
