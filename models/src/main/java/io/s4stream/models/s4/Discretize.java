package io.s4stream.models.s4;

/** ZOH and bilinear discretization of one channel, in the official formulas, in float64. */
final class Discretize {
    private Discretize() {}

    /** S4D: dA = exp(dt A) or (1 + dt A/2)/(1 - dt A/2); dB per mode; y = 2 Re(C z). */
    static DiscreteSsm.ComplexTerms diagonal(SsmParams p, int ch) {
        int m = p.modes();
        double dt = p.dt()[ch];
        ComplexMatrix m11 = new ComplexMatrix(m, m);
        ComplexMatrix b1 = new ComplexMatrix(m, 1);
        ComplexMatrix c1 = new ComplexMatrix(1, m);
        boolean zoh = DiscreteSsm.zoh(p);
        for (int n = 0; n < m; n++) {
            int k = ch * m + n;
            double ar = p.aRe()[k];
            double ai = p.aIm()[k];
            double xr = dt * ar;
            double xi = dt * ai;
            double dar;
            double dai;
            double gr; // dB = g * B
            double gi;
            if (zoh) {
                double e = Math.exp(xr);
                dar = e * Math.cos(xi);
                dai = e * Math.sin(xi);
                // (exp(dt A) - 1) / A
                double nr = dar - 1;
                double ni = dai;
                double den = ar * ar + ai * ai;
                gr = (nr * ar + ni * ai) / den;
                gi = (ni * ar - nr * ai) / den;
            } else {
                // (1 + x/2) / (1 - x/2) and dt / (1 - x/2)
                double qr = 1 - xr / 2;
                double qi = -xi / 2;
                double den = qr * qr + qi * qi;
                double pr = 1 + xr / 2;
                double pi = xi / 2;
                dar = (pr * qr + pi * qi) / den;
                dai = (pi * qr - pr * qi) / den;
                gr = dt * qr / den;
                gi = -dt * qi / den;
            }
            m11.set(n, n, dar, dai);
            double br = p.bRe()[k];
            double bi = p.bIm()[k];
            b1.set(n, 0, gr * br - gi * bi, gr * bi + gi * br);
            c1.set(0, n, 2 * p.cRe()[k], 2 * p.cIm()[k]);
        }
        return new DiscreteSsm.ComplexTerms(m11, new ComplexMatrix(m, m), b1, c1, new ComplexMatrix(1, m));
    }

    /**
     * S4 (nplr): the full N-dimensional state with conjugates appended, A = diag(Af) - Pf Pf^*,
     * bilinear dA = (I - dt/2 A)^{-1} (I + dt/2 A), dB = (I - dt/2 A)^{-1} dt B, and the stored
     * C-tilde corrected to C = C~ (I - dA^L)^{-1}; output Re(C x).
     */
    static DiscreteSsm.ComplexTerms dplr(SsmParams p, int ch) {
        int m = p.modes();
        int n = 2 * m;
        double dt = p.dt()[ch];
        ComplexMatrix a = new ComplexMatrix(n, n);
        double[] pfr = new double[n];
        double[] pfi = new double[n];
        ComplexMatrix bf = new ComplexMatrix(n, 1);
        ComplexMatrix cf = new ComplexMatrix(1, n);
        for (int i = 0; i < m; i++) {
            int k = ch * m + i;
            pfr[i] = p.pRe()[k];
            pfi[i] = p.pIm()[k];
            pfr[m + i] = p.pRe()[k];
            pfi[m + i] = -p.pIm()[k];
            bf.set(i, 0, p.bRe()[k], p.bIm()[k]);
            bf.set(m + i, 0, p.bRe()[k], -p.bIm()[k]);
            cf.set(0, i, p.cRe()[k], p.cIm()[k]);
            cf.set(0, m + i, p.cRe()[k], -p.cIm()[k]);
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                // -(Pf_i conj(Pf_j))
                double re = -(pfr[i] * pfr[j] + pfi[i] * pfi[j]);
                double im = -(pfi[i] * pfr[j] - pfr[i] * pfi[j]);
                a.set(i, j, re, im);
            }
        }
        for (int i = 0; i < m; i++) {
            int k = ch * m + i;
            a.re[i * n + i] += p.aRe()[k];
            a.im[i * n + i] += p.aIm()[k];
            a.re[(m + i) * n + m + i] += p.aRe()[k];
            a.im[(m + i) * n + m + i] -= p.aIm()[k];
        }
        ComplexMatrix eye = ComplexMatrix.identity(n);
        ComplexMatrix back = eye.plusScaled(a, -dt / 2, 0);
        ComplexMatrix fwd = eye.plusScaled(a, dt / 2, 0);
        ComplexMatrix dA = back.solve(fwd);
        ComplexMatrix scaledB = new ComplexMatrix(n, 1).plusScaled(bf, dt, 0);
        ComplexMatrix dB = back.solve(scaledB);
        // C = C~ (I - dA^L)^{-1}  <=>  (I - dA^L)^T C^T = C~^T
        ComplexMatrix lhs = eye.plusScaled(dA.power(p.spec().lKernel()), -1, 0).transpose();
        ComplexMatrix c = lhs.solve(cf.transpose()).transpose();
        return new DiscreteSsm.ComplexTerms(
                block(dA, 0, 0, m), block(dA, 0, m, m), block(dB, 0, 0, m, 1), block(c, 0, 0, 1, m),
                block(c, 0, m, 1, m));
    }

    private static ComplexMatrix block(ComplexMatrix src, int r0, int c0, int size) {
        return block(src, r0, c0, size, size);
    }

    private static ComplexMatrix block(ComplexMatrix src, int r0, int c0, int rows, int cols) {
        ComplexMatrix out = new ComplexMatrix(rows, cols);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out.set(i, j, src.re(r0 + i, c0 + j), src.im(r0 + i, c0 + j));
            }
        }
        return out;
    }
}
