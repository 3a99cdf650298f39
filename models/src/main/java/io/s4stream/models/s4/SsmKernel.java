package io.s4stream.models.s4;

/**
 * The convolution view of an S4 layer: the kernel k_l (output at lag l of a unit impulse, D
 * excluded) computed from the complex discretized terms, independently of the real recurrence that
 * the streaming graphs use, and the causal convolution y = k * u + D u in float64.
 */
public final class SsmKernel {
    private SsmKernel() {}

    /** Kernel of channel ch for lags 0 .. length-1. */
    public static double[] kernel(SsmParams p, int ch, int length) {
        DiscreteSsm.ComplexTerms t = p.spec().mode() == io.s4stream.models.spec.SsmMode.DIAG
                ? Discretize.diagonal(p, ch)
                : Discretize.dplr(p, ch);
        int m = p.modes();
        double[] zr = new double[m];
        double[] zi = new double[m];
        for (int i = 0; i < m; i++) {
            zr[i] = t.b1().re(i, 0);
            zi[i] = t.b1().im(i, 0);
        }
        double[] nr = new double[m];
        double[] ni = new double[m];
        double[] k = new double[length];
        for (int l = 0; l < length; l++) {
            double acc = 0;
            for (int i = 0; i < m; i++) {
                acc += t.c1().re(0, i) * zr[i] - t.c1().im(0, i) * zi[i];
                acc += t.c2().re(0, i) * zr[i] + t.c2().im(0, i) * zi[i];
            }
            k[l] = acc;
            for (int i = 0; i < m; i++) {
                double sr = 0;
                double si = 0;
                for (int j = 0; j < m; j++) {
                    double ar = t.m11().re(i, j);
                    double ai = t.m11().im(i, j);
                    sr += ar * zr[j] - ai * zi[j];
                    si += ar * zi[j] + ai * zr[j];
                    double br = t.m12().re(i, j);
                    double bi = t.m12().im(i, j);
                    sr += br * zr[j] + bi * zi[j];
                    si += bi * zr[j] - br * zi[j];
                }
                nr[i] = sr;
                ni[i] = si;
            }
            System.arraycopy(nr, 0, zr, 0, m);
            System.arraycopy(ni, 0, zi, 0, m);
        }
        return k;
    }

    /** y[l][ch] = sum_j k_ch[j] u[l-j][ch] + D_ch u[l][ch] over an [L][H] row-major sequence. */
    public static double[] convolve(SsmParams p, double[] u, int length) {
        int h = p.channels();
        double[] y = new double[length * h];
        for (int ch = 0; ch < h; ch++) {
            double[] k = kernel(p, ch, length);
            for (int l = 0; l < length; l++) {
                double acc = p.d()[ch] * u[l * h + ch];
                for (int j = 0; j <= l; j++) {
                    acc += k[j] * u[(l - j) * h + ch];
                }
                y[l * h + ch] = acc;
            }
        }
        return y;
    }
}
