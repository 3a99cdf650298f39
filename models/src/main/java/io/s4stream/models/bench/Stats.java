package io.s4stream.models.bench;

import java.util.Arrays;

/** Medians: benchmark machines are noisy. */
public final class Stats {
    private Stats() {}

    public static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
