package io.s4stream.models.s4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class S4InitTest {
    @Test
    void legsKeepsOneOfEachConjugatePairAndPreservesNorms() {
        int n = 16;
        S4Init.Dplr d = S4Init.legs(n);
        assertThat(d.wRe()).hasSize(n / 2).containsOnly(-0.5);
        double prev = Double.NEGATIVE_INFINITY;
        for (double w : d.wIm()) {
            assertThat(w).isNegative().isGreaterThan(prev + 1e-6);
            prev = w;
        }
        // V is unitary and B, P are real: the kept half carries half of each squared norm.
        double b2 = 0;
        double p2 = 0;
        for (int j = 0; j < n / 2; j++) {
            b2 += d.bRe()[j] * d.bRe()[j] + d.bIm()[j] * d.bIm()[j];
            p2 += d.pRe()[j] * d.pRe()[j] + d.pIm()[j] * d.pIm()[j];
        }
        assertThat(2 * b2).isCloseTo(n * (double) n, within(1e-8)); // sum (2k+1)
        assertThat(2 * p2).isCloseTo(n * (double) n / 2, within(1e-8)); // sum (k+1/2)
    }

    @Test
    void legsEigenvaluesMatchTheSkewPartSpectrum() {
        // trace(S^2) = -2 sum w^2 over the kept half, for S the skew part of A + P P^T.
        int n = 8;
        double trace = 0;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                if (i != k) {
                    trace -= 0.25 * (2.0 * i + 1) * (2.0 * k + 1);
                }
            }
        }
        double sum = 0;
        for (double w : S4Init.legs(n).wIm()) {
            sum += w * w;
        }
        assertThat(-2 * sum).isCloseTo(trace, within(1e-8));
    }
}
