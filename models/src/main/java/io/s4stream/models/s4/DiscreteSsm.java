package io.s4stream.models.s4;

import io.s4stream.models.spec.Discretization;
import io.s4stream.models.spec.SsmMode;

/**
 * One S4 layer discretized into a real linear recurrence per channel:
 * {@code x_k = A x_{k-1} + B u_k}, {@code y_k = C x_k + D u_k}, with x in R^N.
 *
 * <p>The complex state of the N/2 stored modes, z = a + i b, is held as x = [a; b]. For the
 * diagonal (S4D) modes A is made of 2x2 rotation-scalings; for nplr (S4) the full N x N complex
 * DPLR recurrence restricted to its conjugate-symmetric subspace (x_conj = conj(x)) is a real
 * N x N matrix, exactly. Arrays are float64: A [H][N][N], B, C [H][N], D [H].
 */
public final class DiscreteSsm {
    private final int channels;
    private final int size;
    private final boolean diagonal;
    private final double[] a;
    private final double[] b;
    private final double[] c;
    private final double[] d;

    private DiscreteSsm(int channels, int size, boolean diagonal) {
        this.channels = channels;
        this.size = size;
        this.diagonal = diagonal;
        this.a = new double[channels * size * size];
        this.b = new double[channels * size];
        this.c = new double[channels * size];
        this.d = new double[channels];
    }

    public static DiscreteSsm of(SsmParams p) {
        int h = p.channels();
        int m = p.modes();
        DiscreteSsm out = new DiscreteSsm(h, 2 * m, p.spec().mode() == SsmMode.DIAG);
        for (int ch = 0; ch < h; ch++) {
            ComplexTerms terms = p.spec().mode() == SsmMode.DIAG ? Discretize.diagonal(p, ch) : Discretize.dplr(p, ch);
            out.setChannel(ch, terms);
            out.d[ch] = p.d()[ch];
        }
        return out;
    }

    /**
     * The complex recurrence of one channel on the N/2 stored modes:
     * {@code z' = M11 z + M12 conj(z) + b1 u}, {@code y = Re(c1 z + c2 conj(z))}.
     */
    record ComplexTerms(ComplexMatrix m11, ComplexMatrix m12, ComplexMatrix b1, ComplexMatrix c1, ComplexMatrix c2) {}

    private void setChannel(int ch, ComplexTerms t) {
        int m = size / 2;
        int base = ch * size * size;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                double r11 = t.m11().re(i, j);
                double i11 = t.m11().im(i, j);
                double r12 = t.m12().re(i, j);
                double i12 = t.m12().im(i, j);
                a[base + i * size + j] = r11 + r12;
                a[base + i * size + m + j] = -i11 + i12;
                a[base + (m + i) * size + j] = i11 + i12;
                a[base + (m + i) * size + m + j] = r11 - r12;
            }
            b[ch * size + i] = t.b1().re(i, 0);
            b[ch * size + m + i] = t.b1().im(i, 0);
            c[ch * size + i] = t.c1().re(0, i) + t.c2().re(0, i);
            c[ch * size + m + i] = -t.c1().im(0, i) + t.c2().im(0, i);
        }
    }

    public int channels() {
        return channels;
    }

    /** Real state size per channel (N: twice the stored complex modes). */
    public int size() {
        return size;
    }

    /** True when A is block-diagonal in 2x2 rotations (S4D), so a step is elementwise. */
    public boolean diagonal() {
        return diagonal;
    }

    public double a(int ch, int i, int j) {
        return a[ch * size * size + i * size + j];
    }

    public double b(int ch, int i) {
        return b[ch * size + i];
    }

    public double c(int ch, int i) {
        return c[ch * size + i];
    }

    public double d(int ch) {
        return d[ch];
    }

    /**
     * One step of every channel, the ground truth for every faster form: x (length H*N) is updated in
     * place, y (length H) receives the outputs including the D skip.
     */
    public void step(double[] x, double[] u, double[] y, double[] scratch) {
        for (int ch = 0; ch < channels; ch++) {
            int base = ch * size * size;
            int xo = ch * size;
            double acc = 0;
            for (int i = 0; i < size; i++) {
                double v = b[xo + i] * u[ch];
                for (int j = 0; j < size; j++) {
                    v += a[base + i * size + j] * x[xo + j];
                }
                scratch[i] = v;
                acc += c[xo + i] * v;
            }
            System.arraycopy(scratch, 0, x, xo, size);
            y[ch] = acc + d[ch] * u[ch];
        }
    }

    /**
     * The exact T-step map of one channel as one (T+N) x (T+N) matrix W, row-major: rows are the
     * outputs [y_0 .. y_{T-1}, x_T], columns the inputs [u_0 .. u_{T-1}, x_{-1}]. The y rows include D.
     */
    public double[] chunkMatrix(int ch, int t) {
        int n = size;
        int w = t + n;
        double[] out = new double[w * w];
        // v_j = A^j B: kernel k_j = C v_j, and column j of the state update is v_{T-1-j}.
        double[] v = new double[n];
        double[] next = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = b(ch, i);
        }
        double[] kernel = new double[t];
        for (int j = 0; j < t; j++) {
            double k = 0;
            for (int i = 0; i < n; i++) {
                k += c(ch, i) * v[i];
                out[(t + i) * w + (t - 1 - j)] = v[i];
            }
            kernel[j] = k;
            multiply(ch, v, next);
            double[] tmp = v;
            v = next;
            next = tmp;
        }
        for (int row = 0; row < t; row++) {
            for (int col = 0; col <= row; col++) {
                out[row * w + col] = kernel[row - col];
            }
            out[row * w + row] += d(ch);
        }
        // r_t = C A^{t+1}: the zero-input response of y_t to x_{-1}.
        double[] r = new double[n];
        double[] rNext = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = c(ch, i);
        }
        for (int row = 0; row < t; row++) {
            multiplyLeft(ch, r, rNext);
            double[] tmp = r;
            r = rNext;
            rNext = tmp;
            System.arraycopy(r, 0, out, row * w + t, n);
        }
        double[] power = matrixPower(ch, t);
        for (int i = 0; i < n; i++) {
            System.arraycopy(power, i * n, out, (t + i) * w + t, n);
        }
        return out;
    }

    /** out = A v for channel ch. */
    private void multiply(int ch, double[] v, double[] out) {
        int base = ch * size * size;
        for (int i = 0; i < size; i++) {
            double s = 0;
            for (int j = 0; j < size; j++) {
                s += a[base + i * size + j] * v[j];
            }
            out[i] = s;
        }
    }

    /** out = r A for channel ch (row vector). */
    private void multiplyLeft(int ch, double[] r, double[] out) {
        int base = ch * size * size;
        java.util.Arrays.fill(out, 0);
        for (int i = 0; i < size; i++) {
            double ri = r[i];
            for (int j = 0; j < size; j++) {
                out[j] += ri * a[base + i * size + j];
            }
        }
    }

    private double[] matrixPower(int ch, int e) {
        int n = size;
        double[] result = new double[n * n];
        for (int i = 0; i < n; i++) {
            result[i * n + i] = 1;
        }
        double[] base = new double[n * n];
        System.arraycopy(a, ch * n * n, base, 0, n * n);
        int k = e;
        while (k > 0) {
            if ((k & 1) == 1) {
                result = matmul(result, base, n);
            }
            k >>= 1;
            if (k > 0) {
                base = matmul(base, base, n);
            }
        }
        return result;
    }

    private static double[] matmul(double[] x, double[] y, int n) {
        double[] out = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double v = x[i * n + k];
                if (v == 0) {
                    continue;
                }
                for (int j = 0; j < n; j++) {
                    out[i * n + j] += v * y[k * n + j];
                }
            }
        }
        return out;
    }

    /** True for ZOH on a diagonal layer; nplr kernels always use the bilinear transform. */
    static boolean zoh(SsmParams p) {
        return p.spec().mode() == SsmMode.DIAG && p.spec().disc() == Discretization.ZOH;
    }
}
