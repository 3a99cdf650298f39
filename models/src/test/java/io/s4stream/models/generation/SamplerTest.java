package io.s4stream.models.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SamplerTest {

    private static float[] randomLogits(Random r, double spread) {
        float[] l = new float[MuLaw.CLASSES];
        for (int i = 0; i < l.length; i++) {
            l[i] = (float) (r.nextGaussian() * spread);
        }
        return l;
    }

    /** The textbook nucleus: sort by probability, keep the head until its mass reaches p. */
    private static boolean[] sortedNucleus(float[] logits, double temperature, double p) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double[] w = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) Math.exp((logits[i] - max) / temperature);
            sum += w[i];
        }
        Integer[] order = IntStream.range(0, w.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -w[i]));
        boolean[] keep = new boolean[w.length];
        double mass = 0;
        for (int i : order) {
            keep[i] = true;
            mass += w[i];
            if (mass >= p * sum) {
                break;
            }
        }
        return keep;
    }

    @Test
    void nucleusDrawsOnlyFromTheSortedNucleusAndInProportion() {
        Random r = new Random(5);
        for (double p : new double[] {0.05, 0.3, 0.5, 0.9, 0.999}) {
            for (double t : new double[] {0.5, 1.0, 2.0}) {
                float[] logits = randomLogits(r, 3);
                boolean[] keep = sortedNucleus(logits, t, p);
                int[] hits = new int[MuLaw.CLASSES];
                int draws = 20_000;
                for (int k = 0; k < draws; k++) {
                    hits[Sampler.sample(logits.clone(), 0, t, p, (k + 0.5) / draws)]++;
                }
                // the weights of the kept classes, renormalised, against the share of draws
                double max = Double.NEGATIVE_INFINITY;
                for (float v : logits) {
                    max = Math.max(max, v);
                }
                double kept = 0;
                for (int i = 0; i < keep.length; i++) {
                    kept += keep[i] ? Math.exp((logits[i] - max) / t) : 0;
                }
                for (int i = 0; i < MuLaw.CLASSES; i++) {
                    if (!keep[i]) {
                        assertThat(hits[i]).as("class %d outside the nucleus (p %s, T %s)", i, p, t).isZero();
                    } else {
                        double expected = Math.exp((logits[i] - max) / t) / kept;
                        assertThat(hits[i] / (double) draws).isCloseTo(expected, offset(2.0 / draws));
                    }
                }
            }
        }
    }

    @Test
    void topPOneIsPlainSampling() {
        Random r = new Random(9);
        float[] logits = randomLogits(r, 2);
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (float v : logits) {
            sum += Math.exp(v - max);
        }
        double acc = 0;
        for (int i = 0; i < MuLaw.CLASSES; i++) {
            double lo = acc / sum;
            acc += Math.exp(logits[i] - max);
            double mid = (lo + acc / sum) / 2;
            if (acc / sum - lo > 1e-9) {
                assertThat(Sampler.sample(logits.clone(), 0, 1.0, 1.0, mid)).isEqualTo(i);
            }
        }
    }

    @Test
    void aTinyNucleusOrZeroTemperatureIsTheArgmax() {
        Random r = new Random(3);
        float[] logits = randomLogits(r, 2);
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        for (double u : new double[] {0.0, 0.3, 0.999}) {
            assertThat(Sampler.sample(logits.clone(), 0, 1.0, 1e-6, u)).isEqualTo(best);
            assertThat(Sampler.sample(logits.clone(), 0, 0.0, 0.5, u)).isEqualTo(best);
        }
    }

    @Test
    void samplingRejectsOutOfRangeSettings() {
        assertThatThrownBy(() -> new Sampling(1.0, 0.0)).hasMessageContaining("top-p must be in (0, 1]");
        assertThatThrownBy(() -> new Sampling(1.0, 1.5)).hasMessageContaining("top-p");
        assertThatThrownBy(() -> new Sampling(-1, 0.5)).hasMessageContaining("temperature must be in [0, 100]");
        assertThatThrownBy(() -> new Sampling(Double.NaN, 0.5)).hasMessageContaining("temperature");
    }
}
