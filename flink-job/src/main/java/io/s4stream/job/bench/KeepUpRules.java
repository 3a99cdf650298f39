package io.s4stream.job.bench;

/**
 * How a run's events are judged.
 *
 * @param warmupSeconds hops ending within this much of a stream's start are left out of latency
 *     figures
 * @param finalWithinMillis a stream's final event must arrive this soon after its end-of-stream
 *     record was sent
 * @param growthMillis a stream falls behind when the median latency of its last third of hops
 *     exceeds that of its first third by more than this
 * @param maxP99Millis a run passes when every stream kept up, the publisher kept pace and the p99
 *     latency over all streams is at most this
 */
public record KeepUpRules(
        double warmupSeconds, double finalWithinMillis, double growthMillis, double maxP99Millis) {

    public KeepUpRules {
        if (!(warmupSeconds >= 0)
                || !(finalWithinMillis > 0)
                || !(growthMillis > 0)
                || !(maxP99Millis > 0)) {
            throw new IllegalArgumentException(
                    "warm-up must be >= 0 and the limits > 0, got warm-up "
                            + warmupSeconds
                            + " s, final within "
                            + finalWithinMillis
                            + " ms, growth "
                            + growthMillis
                            + " ms, p99 "
                            + maxP99Millis
                            + " ms");
        }
    }
}
