package io.s4stream.models.onnx;

import io.s4stream.models.io.Tensor;
import io.s4stream.models.s4.DiscreteSsm;
import io.s4stream.models.s4.PitchLag;
import io.s4stream.models.spec.LayerSpec;
import java.util.List;
import java.util.Map;

/** Emits the ONNX nodes of each layer kind into an {@link OnnxGraph}; tensors are [B, T, C]. */
final class LayerEmitter {
    private final OnnxGraph g;
    private final Map<String, Tensor> weights;
    private final boolean elementwiseStep;

    /** {@code elementwiseStep}: a diagonal layer taking one local step uses {@link #diagonalStep}. */
    LayerEmitter(OnnxGraph g, Map<String, Tensor> weights, boolean elementwiseStep) {
        this.g = g;
        this.weights = weights;
        this.elementwiseStep = elementwiseStep;
    }

    /** x W^T + b with W [out, in] from {@code prefix + "weight"}. */
    String linear(String x, String prefix) {
        Tensor w = weights.get(prefix + "weight");
        Tensor b = weights.get(prefix + "bias");
        int out = w.dim(0);
        int in = w.dim(1);
        float[] wt = new float[in * out];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                wt[i * out + o] = w.get(o * in + i);
            }
        }
        String y = g.op("MatMul", x, g.constant(prefix + "wT", wt, in, out));
        return g.op("Add", y, g.constant(prefix + "b", b.data(), out));
    }

    /** [B, T, 1] floats holding indices -> [B, T, dim] rows. */
    String embedding(String x, String prefix) {
        Tensor w = weights.get(prefix + "weight");
        String idx = g.op("Cast", Map.of("to", 7), g.op("Squeeze", x, g.int64s(2)));
        return g.op("Gather", Map.of("axis", 0), g.constant(prefix + "table", w.data(), w.dim(0), w.dim(1)), idx);
    }

    /**
     * A pitch-lag embedding ({@link LayerSpec.PitchLagEmbedding}; {@link PitchLag} is the same in
     * Java) over t steps: x [B, t, 1] holds the indices, ring [1, B, maxLag + 1] the companded inputs
     * newest first, dsum [1, B, maxLag] the windowed difference function. The lag search is a
     * recurrence with an argmin, so a chunk unrolls it step by step, each step the same nodes as the
     * step graph's (the same lags, bit for bit); the rows and taps then take the whole chunk at once.
     * Returns the output [B, t, dim], the next ring and the next dsum.
     */
    String[] pitchLagEmbedding(String x, String prefix, LayerSpec.PitchLagEmbedding spec, String ring, String dsum,
            int t) {
        int lags = spec.maxLag();
        float[] tau = new float[lags];
        for (int k = 0; k < lags; k++) {
            tau[k] = k + 1;
        }
        String table = g.constant(prefix + "companded", PitchLag.companded(spec.num()), spec.num());
        String decay = g.constant(prefix + "decay", new float[] {PitchLag.decay(spec.window())});
        String tauC = g.constant(prefix + "tau", tau, lags);
        String eps = g.constant(prefix + "eps", new float[] {PitchLag.EPS});
        String axis2 = g.int64s(2);
        String[] edges = {g.int64s(0), g.int64s(1), g.int64s(lags), g.int64s(lags + 1), g.int64s(spec.minLag() - 1),
            g.int64s(spec.minLag()), g.int64s(-2, -1, 0)};
        String idx = g.op("Cast", Map.of("to", 7), g.op("Transpose", Map.of("perm", new long[] {2, 0, 1}), x));
        String levels = g.op("Gather", Map.of("axis", 0), table, idx); // [1, B, t]
        String[] features = new String[t];
        for (int s = 0; s < t; s++) {
            String level = t == 1 ? levels : g.op("Slice", levels, g.int64s(s), g.int64s(s + 1), axis2);
            ring = g.op("Concat", Map.of("axis", 2), level, g.op("Slice", ring, edges[0], edges[2], axis2));
            String diff = g.op("Sub", level, g.op("Slice", ring, edges[1], edges[3], axis2));
            dsum = g.op("Add", g.op("Mul", dsum, decay), g.op("Mul", diff, diff));
            String normalised = g.op("Div", g.op("Mul", dsum, tauC), g.op("Add", g.op("CumSum", dsum, axis2), eps));
            String best = g.op("ArgMin", Map.of("axis", 2, "keepdims", 1),
                    g.op("Slice", normalised, edges[4], edges[2], axis2));
            String period = g.op("Add", best, edges[5]); // [1, B, 1]
            String taps = g.op("GatherElements", Map.of("axis", 2), ring, g.op("Add", period, edges[6]));
            String periodicity = g.op("GatherElements", Map.of("axis", 2), normalised, g.op("Sub", period, edges[1]));
            features[s] = g.op("Concat", Map.of("axis", 2), taps, periodicity); // [1, B, 4]
        }
        String all = t == 1 ? features[0] : g.op("Concat", Map.of("axis", 0), features); // [t, B, 4]
        Tensor w = weights.get(prefix + "taps.weight");
        float[] tapsT = new float[PitchLag.FEATURES * spec.dim()];
        for (int o = 0; o < spec.dim(); o++) {
            for (int i = 0; i < PitchLag.FEATURES; i++) {
                tapsT[i * spec.dim() + o] = w.get(o * PitchLag.FEATURES + i);
            }
        }
        String added = g.op("MatMul", g.op("Transpose", Map.of("perm", new long[] {1, 0, 2}), all),
                g.constant(prefix + "tapsT", tapsT, PitchLag.FEATURES, spec.dim())); // [B, t, dim]
        return new String[] {g.op("Add", embedding(x, prefix), added), ring, dsum};
    }

    /**
     * LayerNorm over the last axis. The input is centred first: ORT's CPU LayerNormalization takes
     * the variance as mean(x^2) - mean^2, which cancels catastrophically (and goes negative, so
     * NaN) for near-constant rows far from zero, e.g. log band powers of a silent frame.
     */
    String layerNorm(String x, String prefix) {
        Tensor w = weights.get(prefix + "weight");
        Tensor b = weights.get(prefix + "bias");
        String centred = g.op("Sub", x, g.op("ReduceMean", Map.of("axes", new long[] {-1}, "keepdims", 1), x));
        return g.op("LayerNormalization", Map.of("axis", -1, "epsilon", 1e-5f), centred,
                g.constant(prefix + "gamma", w.data(), w.dim(0)), g.constant(prefix + "beta", b.data(), b.dim(0)));
    }

    /**
     * Exact GELU: (x (1 + erf(x / sqrt 2))) / 2, in the node order ORT's GeluFusion matches (Div,
     * Erf, Add, Mul, Mul), so a session runs one fused Gelu node instead of five.
     */
    String gelu(String x) {
        String e = g.op("Erf", g.op("Div", x, g.constant("sqrt2", new float[] {(float) Math.sqrt(2)})));
        String onePlus = g.op("Add", e, g.constant("one", new float[] {1f}));
        return g.op("Mul", g.op("Mul", x, onePlus), g.constant("half", new float[] {0.5f}));
    }

    String square(String x) {
        return g.op("Mul", x, x);
    }

    /** ln(x + eps), eps rounded to float32 (the graph's precision). */
    String log(String x, double eps) {
        return g.op("Log", g.op("Add", x, g.constant("log_eps", new float[] {(float) eps})));
    }

    /**
     * The official block on [B, t, H]: SSM (+D) -> GELU -> Linear(H -> 2H) -> GLU. Returns the
     * output value and the next-state value.
     */
    String[] s4Block(String x, String prefix, DiscreteSsm ssm, String state, int t) {
        String[] ssmOut = elementwiseStep && t == 1 && ssm.diagonal() ? diagonalStep(x, ssm, state) : chunk(x, ssm, state, t);
        String y = linear(gelu(ssmOut[0]), prefix + "output_linear.0.");
        int h = ssm.channels();
        List<String> halves = g.ops("Split", 2, Map.of("axis", -1), y, g.int64s(h, h));
        String gated = g.op("Mul", halves.get(0), g.op("Sigmoid", halves.get(1)));
        return new String[] {gated, ssmOut[1]};
    }

    /**
     * T steps of every channel as batched products with the exact map per channel (rows [y_0 ..
     * y_{T-1}, x_T], columns [u_0 .. u_{T-1}, x_{-1}]), split in its four blocks so the state,
     * held as [H, B, N], is never transposed or copied: y = u Toe^T + x Obs^T, x' = u Ctrl^T + x A^T.
     */
    private String[] chunk(String x, DiscreteSsm ssm, String state, int t) {
        int h = ssm.channels();
        int n = ssm.size();
        int w = t + n;
        float[] toeplitzT = new float[h * t * t];
        float[] obsT = new float[h * n * t];
        float[] ctrlT = new float[h * t * n];
        float[] powerT = new float[h * n * n];
        for (int ch = 0; ch < h; ch++) {
            // one channel's float64 map at a time: H maps of (T+N)^2 doubles would not fit for long T
            double[] map = ssm.chunkMatrix(ch, t);
            transposeBlock(map, w, 0, t, 0, t, toeplitzT, ch);
            transposeBlock(map, w, 0, t, t, n, obsT, ch);
            transposeBlock(map, w, t, n, 0, t, ctrlT, ch);
            transposeBlock(map, w, t, n, t, n, powerT, ch);
        }
        String u = g.op("Transpose", Map.of("perm", new long[] {2, 0, 1}), x); // [H, B, t]
        String yT = g.op("Add",
                g.op("MatMul", u, g.constant("ssm_toeplitzT", toeplitzT, h, t, t)),
                g.op("MatMul", state, g.constant("ssm_obsT", obsT, h, n, t)));
        String next = g.op("Add",
                g.op("MatMul", u, g.constant("ssm_ctrlT", ctrlT, h, t, n)),
                g.op("MatMul", state, g.constant("ssm_powerT", powerT, h, n, n)));
        String y = g.op("Transpose", Map.of("perm", new long[] {1, 2, 0}), yT); // [B, t, H]
        return new String[] {y, next};
    }

    /**
     * Writes the transpose of rows [r0, r0+rows) x columns [c0, c0+cols) of one channel's w x w
     * map into channel {@code ch} of {@code out} ([H, cols, rows] float32: the right operand of a
     * row-vector product).
     */
    private static void transposeBlock(double[] map, int w, int r0, int rows, int c0, int cols, float[] out, int ch) {
        int k = ch * rows * cols;
        for (int c = 0; c < cols; c++) {
            for (int r = 0; r < rows; r++) {
                out[k++] = (float) map[(r0 + r) * w + c0 + c];
            }
        }
    }

    /**
     * One step of a diagonal layer, elementwise on the state [H, B, N] = [a | b] (real and imaginary
     * parts of the N/2 modes): x' = x * P1 + swap(x) * P2 + u B, y = sum(x' C) + D u, with
     * P1 = [alpha | alpha] and P2 = [-beta | beta] (dA = alpha + i beta) built from the N/2 values
     * in the graph (ORT folds them once at session start), so the file holds each value once.
     */
    private String[] diagonalStep(String x, DiscreteSsm ssm, String state) {
        int h = ssm.channels();
        int n = ssm.size();
        int m = n / 2;
        float[] alpha = new float[h * m];
        float[] beta = new float[h * m];
        float[] b = new float[h * n];
        float[] c = new float[h * n];
        float[] d = new float[h];
        for (int ch = 0; ch < h; ch++) {
            for (int i = 0; i < m; i++) {
                alpha[ch * m + i] = (float) ssm.a(ch, i, i);
                beta[ch * m + i] = (float) ssm.a(ch, m + i, i);
            }
            for (int i = 0; i < n; i++) {
                b[ch * n + i] = (float) ssm.b(ch, i);
                c[ch * n + i] = (float) ssm.c(ch, i);
            }
            d[ch] = (float) ssm.d(ch);
        }
        String u = g.op("Transpose", Map.of("perm", new long[] {2, 0, 1}), x); // [H, B, 1]
        List<String> halves = g.ops("Split", 2, Map.of("axis", 2), state, g.int64s(m, m));
        String swapped = g.op("Concat", Map.of("axis", 2), halves.get(1), halves.get(0));
        String a = g.constant("ssm_alpha", alpha, h, 1, m);
        String bt = g.constant("ssm_beta", beta, h, 1, m);
        String p1 = g.op("Concat", Map.of("axis", 2), a, a);
        String p2 = g.op("Concat", Map.of("axis", 2), g.op("Neg", bt), bt);
        String next = g.op("Add",
                g.op("Add", g.op("Mul", state, p1), g.op("Mul", swapped, p2)),
                g.op("Mul", u, g.constant("ssm_b", b, h, 1, n)));
        String y = g.op("ReduceSum", Map.of("keepdims", 1), g.op("Mul", next, g.constant("ssm_c", c, h, 1, n)),
                g.int64s(2)); // [H, B, 1]
        y = g.op("Add", y, g.op("Mul", u, g.constant("ssm_d", d, h, 1, 1)));
        return new String[] {g.op("Transpose", Map.of("perm", new long[] {1, 2, 0}), y), next}; // [B, 1, H]
    }
}
