package io.s4stream.models.s4;

import io.s4stream.models.io.ModelFileException;
import io.s4stream.models.io.Tensor;
import io.s4stream.models.spec.BlockSpec;
import io.s4stream.models.spec.SsmMode;
import java.util.Map;

/**
 * The continuous parameters of one S4 layer in float64, read from the official parameter names:
 * {@code dt = exp(inv_dt)}, {@code A = -exp(A_real) - i A_imag}, complex B, C (and P for nplr) over
 * the N/2 stored modes, and the skip D. Arrays are [H * N/2], channel-major.
 */
public record SsmParams(
        BlockSpec spec,
        double[] dt,
        double[] aRe,
        double[] aIm,
        double[] bRe,
        double[] bIm,
        double[] cRe,
        double[] cIm,
        double[] pRe,
        double[] pIm,
        double[] d) {

    public static final String INV_DT = "layer.kernel.inv_dt";
    public static final String A_REAL = "layer.kernel.A_real";
    public static final String A_IMAG = "layer.kernel.A_imag";
    public static final String B = "layer.kernel.B";
    public static final String C = "layer.kernel.C";
    public static final String P = "layer.kernel.P";
    public static final String D = "layer.D";

    public int channels() {
        return spec.dModel();
    }

    public int modes() {
        return spec.modes();
    }

    /** Reads and checks the layer's tensors under {@code prefix} (official names after it). */
    public static SsmParams fromWeights(Map<String, Tensor> weights, String prefix, BlockSpec spec) {
        int h = spec.dModel();
        int m = spec.modes();
        Tensor invDt = Weights.require(weights, prefix + INV_DT, h, 1);
        Tensor aReal = Weights.require(weights, prefix + A_REAL, h, m);
        Tensor aImag = Weights.require(weights, prefix + A_IMAG, h, m);
        Tensor b = Weights.require(weights, prefix + B, 1, h, m, 2);
        Tensor c = Weights.require(weights, prefix + C, 1, h, m, 2);
        Tensor d = Weights.require(weights, prefix + D, 1, h);
        double[] dt = new double[h];
        for (int i = 0; i < h; i++) {
            dt[i] = Math.exp(invDt.get(i));
            if (!(dt[i] > 0) || !Double.isFinite(dt[i])) {
                throw new ModelFileException("Tensor " + prefix + INV_DT + " gives step size " + dt[i]
                        + " for channel " + i + ", expected a finite positive value");
            }
        }
        double[] aRe = new double[h * m];
        double[] aIm = new double[h * m];
        for (int i = 0; i < h * m; i++) {
            aRe[i] = -Math.exp(aReal.get(i));
            aIm[i] = -aImag.get(i);
        }
        double[][] bc = complex(b);
        double[][] cc = complex(c);
        double[][] pc = {null, null};
        if (spec.mode() == SsmMode.NPLR) {
            pc = complex(Weights.require(weights, prefix + P, 1, h, m, 2));
        } else if (weights.containsKey(prefix + P)) {
            throw new ModelFileException("Tensor " + prefix + P + " is present but mode is diag: expected mode nplr");
        }
        double[] dd = new double[h];
        for (int i = 0; i < h; i++) {
            dd[i] = d.get(i);
        }
        return new SsmParams(spec, dt, aRe, aIm, bc[0], bc[1], cc[0], cc[1], pc[0], pc[1], dd);
    }

    private static double[][] complex(Tensor t) {
        int n = t.data().length / 2;
        double[] re = new double[n];
        double[] im = new double[n];
        for (int i = 0; i < n; i++) {
            re[i] = t.get(2 * i);
            im[i] = t.get(2 * i + 1);
        }
        return new double[][] {re, im};
    }
}
