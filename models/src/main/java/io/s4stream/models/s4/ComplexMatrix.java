package io.s4stream.models.s4;

/**
 * A dense complex matrix in float64 (separate real and imaginary arrays, row-major). Small sizes
 * only (the state size N of one channel), so the algorithms are the plain ones.
 */
final class ComplexMatrix {
    final int rows;
    final int cols;
    final double[] re;
    final double[] im;

    ComplexMatrix(int rows, int cols) {
        this.rows = rows;
        this.cols = cols;
        this.re = new double[rows * cols];
        this.im = new double[rows * cols];
    }

    static ComplexMatrix identity(int n) {
        ComplexMatrix m = new ComplexMatrix(n, n);
        for (int i = 0; i < n; i++) {
            m.re[i * n + i] = 1;
        }
        return m;
    }

    double re(int r, int c) {
        return re[r * cols + c];
    }

    double im(int r, int c) {
        return im[r * cols + c];
    }

    void set(int r, int c, double vr, double vi) {
        re[r * cols + c] = vr;
        im[r * cols + c] = vi;
    }

    ComplexMatrix times(ComplexMatrix o) {
        if (cols != o.rows) {
            throw new IllegalArgumentException("shape mismatch " + rows + "x" + cols + " * " + o.rows + "x" + o.cols);
        }
        ComplexMatrix out = new ComplexMatrix(rows, o.cols);
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < cols; k++) {
                double ar = re[i * cols + k];
                double ai = im[i * cols + k];
                if (ar == 0 && ai == 0) {
                    continue;
                }
                int ob = k * o.cols;
                int rb = i * o.cols;
                for (int j = 0; j < o.cols; j++) {
                    double br = o.re[ob + j];
                    double bi = o.im[ob + j];
                    out.re[rb + j] += ar * br - ai * bi;
                    out.im[rb + j] += ar * bi + ai * br;
                }
            }
        }
        return out;
    }

    /** this + s * o, for scalar s = sr + i si. */
    ComplexMatrix plusScaled(ComplexMatrix o, double sr, double si) {
        ComplexMatrix out = new ComplexMatrix(rows, cols);
        for (int i = 0; i < re.length; i++) {
            out.re[i] = re[i] + sr * o.re[i] - si * o.im[i];
            out.im[i] = im[i] + sr * o.im[i] + si * o.re[i];
        }
        return out;
    }

    ComplexMatrix power(long exponent) {
        ComplexMatrix result = identity(rows);
        ComplexMatrix base = this;
        long e = exponent;
        while (e > 0) {
            if ((e & 1) == 1) {
                result = result.times(base);
            }
            e >>= 1;
            if (e > 0) {
                base = base.times(base);
            }
        }
        return result;
    }

    ComplexMatrix transpose() {
        ComplexMatrix out = new ComplexMatrix(cols, rows);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out.set(j, i, re(i, j), im(i, j));
            }
        }
        return out;
    }

    /** Solves this * X = rhs by Gaussian elimination with partial pivoting. */
    ComplexMatrix solve(ComplexMatrix rhs) {
        int n = rows;
        if (cols != n || rhs.rows != n) {
            throw new IllegalArgumentException("solve needs a square system, got " + rows + "x" + cols);
        }
        ComplexMatrix a = copy();
        ComplexMatrix b = rhs.copy();
        int m = b.cols;
        for (int col = 0; col < n; col++) {
            int pivot = col;
            double best = -1;
            for (int r = col; r < n; r++) {
                double mag = Math.hypot(a.re(r, col), a.im(r, col));
                if (mag > best) {
                    best = mag;
                    pivot = r;
                }
            }
            if (best == 0) {
                throw new ArithmeticException("singular matrix in S4 discretization");
            }
            a.swapRows(col, pivot);
            b.swapRows(col, pivot);
            double pr = a.re(col, col);
            double pi = a.im(col, col);
            double den = pr * pr + pi * pi;
            double ir = pr / den;
            double ii = -pi / den;
            for (int r = 0; r < n; r++) {
                if (r == col) {
                    continue;
                }
                double fr0 = a.re(r, col);
                double fi0 = a.im(r, col);
                double fr = fr0 * ir - fi0 * ii;
                double fi = fr0 * ii + fi0 * ir;
                if (fr == 0 && fi == 0) {
                    continue;
                }
                for (int c = col; c < n; c++) {
                    a.set(r, c, a.re(r, c) - (fr * a.re(col, c) - fi * a.im(col, c)),
                            a.im(r, c) - (fr * a.im(col, c) + fi * a.re(col, c)));
                }
                for (int c = 0; c < m; c++) {
                    b.set(r, c, b.re(r, c) - (fr * b.re(col, c) - fi * b.im(col, c)),
                            b.im(r, c) - (fr * b.im(col, c) + fi * b.re(col, c)));
                }
            }
        }
        for (int r = 0; r < n; r++) {
            double pr = a.re(r, r);
            double pi = a.im(r, r);
            double den = pr * pr + pi * pi;
            for (int c = 0; c < m; c++) {
                double br = b.re(r, c);
                double bi = b.im(r, c);
                b.set(r, c, (br * pr + bi * pi) / den, (bi * pr - br * pi) / den);
            }
        }
        return b;
    }

    private void swapRows(int a, int b) {
        if (a == b) {
            return;
        }
        for (int c = 0; c < cols; c++) {
            double tr = re(a, c);
            double ti = im(a, c);
            set(a, c, re(b, c), im(b, c));
            set(b, c, tr, ti);
        }
    }

    ComplexMatrix copy() {
        ComplexMatrix out = new ComplexMatrix(rows, cols);
        System.arraycopy(re, 0, out.re, 0, re.length);
        System.arraycopy(im, 0, out.im, 0, im.length);
        return out;
    }
}
