package io.s4stream.job.bench;

import java.util.Arrays;
import java.util.List;

/**
 * One end-to-end run: every stream's outcome and the figures over all of them.
 *
 * @param latencyP50Millis over the post warm-up hop latencies of all streams
 * @param samplesPerSecond input samples whose events arrived, per second from the start of the
 *     audio to the last event received
 * @param demandSamplesPerSecond what real time asks: streams × sample rate
 * @param publisherLagP99Millis how late the publisher sent records after their audio ended (p99)
 * @param publisherOnPace the publisher's p99 lag is within one record
 * @param passed every stream kept up, the publisher kept pace and the p99 latency is within the
 *     limit
 */
public record RunReport(
        List<StreamOutcome> outcomes,
        int keptUp,
        int hopEvents,
        double latencyP50Millis,
        double latencyP99Millis,
        double latencyMaxMillis,
        double samplesPerSecond,
        double demandSamplesPerSecond,
        double publisherLagP99Millis,
        boolean publisherOnPace,
        boolean passed) {

    public RunReport {
        outcomes = List.copyOf(outcomes);
    }

    public int streams() {
        return outcomes.size();
    }

    /** Sums up the outcomes of one run. */
    public static RunReport of(
            List<StreamOutcome> outcomes,
            PublishLog log,
            StreamOutcome.Timeline timeline,
            KeepUpRules rules) {
        int keptUp = 0;
        int hops = 0;
        int count = 0;
        long covered = 0;
        long lastEvent = log.startNanos();
        for (StreamOutcome o : outcomes) {
            keptUp += o.keptUp() ? 1 : 0;
            hops += o.hopEvents();
            count += o.latenciesMillis().length;
            covered += o.coveredSamples();
            lastEvent = Math.max(lastEvent, o.lastEventNanos());
        }
        double[] all = new double[count];
        int at = 0;
        for (StreamOutcome o : outcomes) {
            System.arraycopy(o.latenciesMillis(), 0, all, at, o.latenciesMillis().length);
            at += o.latenciesMillis().length;
        }
        Arrays.sort(all);
        double elapsed = (lastEvent - log.startNanos()) / 1e9;
        double p99 = Percentiles.sorted(all, 99);
        double lagP99 = Percentiles.of(flatten(log.lagNanos()), 99) / 1e6;
        boolean onPace = lagP99 <= log.periodNanos() / 1e6;
        return new RunReport(
                outcomes,
                keptUp,
                hops,
                Percentiles.sorted(all, 50),
                p99,
                all.length == 0 ? Double.NaN : all[all.length - 1],
                elapsed > 0 ? covered / elapsed : 0,
                (double) outcomes.size() * timeline.inputRate(),
                lagP99,
                onPace,
                keptUp == outcomes.size() && onPace && p99 <= rules.maxP99Millis());
    }

    private static double[] flatten(long[][] v) {
        int n = 0;
        for (long[] row : v) {
            n += row.length;
        }
        double[] out = new double[n];
        int at = 0;
        for (long[] row : v) {
            for (long x : row) {
                out[at++] = x;
            }
        }
        return out;
    }
}
