package io.s4stream.models.s4;

import io.s4stream.models.io.Tensor;
import io.s4stream.models.spec.BlockSpec;
import io.s4stream.models.spec.SsmInit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Initial S4 parameters in the official layout and names: HiPPO-LegS in its normal-plus-low-rank
 * form (A = V diag(W) V^* - P P^T, keeping one of each conjugate pair), S4D-Lin
 * (A_n = -1/2 + i pi n), S4D-Inv (A_n = -1/2 + i N/pi (N/(2n+1) - 1)), or a random A for the
 * ablation; dt log-uniform in [dt_min, dt_max]; C complex normal; B and P as the init defines.
 */
public final class S4Init {
    private S4Init() {}

    /** HiPPO-LegS in the eigenbasis of its normal part: eigenvalues W, and V^* B, V^* P (N/2 kept). */
    public record Dplr(double[] wRe, double[] wIm, double[] bRe, double[] bIm, double[] pRe, double[] pIm) {}

    public static Dplr legs(int n) {
        // A + P P^T = -I/2 + S with S skew-symmetric; eigen-decompose the Hermitian -iS through its
        // real symmetric embedding [[0, S], [-S, 0]] (eigenvector [a; b] <-> a + ib).
        double[] s = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double v = 0.5 * Math.sqrt((2.0 * i + 1) * (2.0 * k + 1));
                s[i * n + k] = i > k ? -v : i < k ? v : 0;
            }
        }
        int m = 2 * n;
        double[] e = new double[m * m];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                e[i * m + n + k] = s[i * n + k];
                e[(n + i) * m + k] = -s[i * n + k];
            }
        }
        SymmetricEigen eig = new SymmetricEigen(e, m);
        Integer[] order = IntStream.range(0, m).boxed().sorted(Comparator.comparingDouble(k -> eig.values[k]))
                .toArray(Integer[]::new);
        int half = n / 2;
        double[] wRe = new double[half];
        double[] wIm = new double[half];
        double[] bRe = new double[half];
        double[] bIm = new double[half];
        double[] pRe = new double[half];
        double[] pIm = new double[half];
        for (int j = 0; j < half; j++) {
            int col = order[2 * j]; // eigenvalues of the embedding come in equal pairs
            wRe[j] = -0.5;
            wIm[j] = eig.values[col];
            // V^* x = sum conj(v_i) x_i with v = a + ib: (a.x) - i (b.x) for real x.
            for (int i = 0; i < n; i++) {
                double a = eig.vectors[i * m + col];
                double b = eig.vectors[(n + i) * m + col];
                double bi = Math.sqrt(2.0 * i + 1);
                double pi = Math.sqrt(i + 0.5);
                bRe[j] += a * bi;
                bIm[j] -= b * bi;
                pRe[j] += a * pi;
                pIm[j] -= b * pi;
            }
        }
        return new Dplr(wRe, wIm, bRe, bIm, pRe, pIm);
    }

    /**
     * All tensors of one official S4Block (SSM, D, output linear) under {@code prefix}, seeded.
     */
    public static List<Tensor> block(String prefix, BlockSpec spec, long seed, double dtMin, double dtMax) {
        Random r = new Random(seed);
        int h = spec.dModel();
        int half = spec.modes();
        float[] invDt = new float[h];
        for (int i = 0; i < h; i++) {
            invDt[i] = (float) (Math.log(dtMin) + r.nextDouble() * (Math.log(dtMax) - Math.log(dtMin)));
        }
        float[] aReal = new float[h * half];
        float[] aImag = new float[h * half];
        float[] b = new float[h * half * 2];
        float[] p = new float[h * half * 2];
        Dplr legs = spec.init() == SsmInit.LEGS ? legs(spec.dState()) : null;
        for (int c = 0; c < h; c++) {
            for (int k = 0; k < half; k++) {
                int i = c * half + k;
                double re;
                double im;
                switch (spec.init()) {
                    case DIAG_LIN -> {
                        re = -0.5;
                        im = Math.PI * k;
                    }
                    case DIAG_INV -> {
                        re = -0.5;
                        im = spec.dState() / Math.PI * (spec.dState() / (2.0 * k + 1) - 1);
                    }
                    case LEGS -> {
                        re = legs.wRe()[k];
                        im = legs.wIm()[k];
                    }
                    default -> {
                        re = -Math.exp(r.nextGaussian() - 1);
                        im = r.nextDouble() * Math.PI * half;
                    }
                }
                // A = -exp(A_real) - i A_imag
                aReal[i] = (float) Math.log(-re);
                aImag[i] = (float) -im;
                if (legs != null) {
                    b[2 * i] = (float) legs.bRe()[k];
                    b[2 * i + 1] = (float) legs.bIm()[k];
                    p[2 * i] = (float) legs.pRe()[k];
                    p[2 * i + 1] = (float) legs.pIm()[k];
                } else {
                    b[2 * i] = 1;
                }
            }
        }
        List<Tensor> out = new ArrayList<>();
        out.add(new Tensor(prefix + SsmParams.INV_DT, new long[] {h, 1}, invDt));
        out.add(new Tensor(prefix + SsmParams.A_REAL, new long[] {h, half}, aReal));
        out.add(new Tensor(prefix + SsmParams.A_IMAG, new long[] {h, half}, aImag));
        out.add(new Tensor(prefix + SsmParams.B, new long[] {1, h, half, 2}, b));
        out.add(new Tensor(prefix + SsmParams.C, new long[] {1, h, half, 2}, gaussian(r, h * half * 2, Math.sqrt(0.5))));
        if (legs != null) {
            out.add(new Tensor(prefix + SsmParams.P, new long[] {1, h, half, 2}, p));
        }
        out.add(new Tensor(prefix + SsmParams.D, new long[] {1, h}, gaussian(r, h, 1)));
        out.add(new Tensor(prefix + "output_linear.0.weight", new long[] {2L * h, h}, gaussian(r, 2 * h * h, 1 / Math.sqrt(h))));
        out.add(new Tensor(prefix + "output_linear.0.bias", new long[] {2L * h}, gaussian(r, 2 * h, 0.1)));
        return out;
    }

    static float[] gaussian(Random r, int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextGaussian() * scale);
        }
        return v;
    }
}
