package io.s4stream.job.bench;

import java.util.Arrays;

/** Nearest-rank percentiles of latency samples. */
final class Percentiles {
    private Percentiles() {}

    /** The {@code p}-th percentile (0 < p <= 100) of {@code v}, NaN when empty. */
    static double of(double[] v, double p) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        return sorted(s, p);
    }

    /** The same for an already sorted array. */
    static double sorted(double[] s, double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
        }
        if (s.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100 * s.length);
        return s[Math.max(0, rank - 1)];
    }
}
