package io.s4stream.job.bench;

import io.s4stream.models.bench.Stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What happened to one benchmark stream: its hop latencies and whether it kept up.
 *
 * <p>The latency of a hop event is its receive time minus the send time of the record that
 * completed the hop's last sample (sample {@code end − 1} at the model's rate, mapped to the
 * stream's rate). A stream kept up when (1) its hop events arrived contiguous from 0 to the end of
 * the stream and its final event arrived, (2) the final event arrived within the allowed time of
 * the end-of-stream record's send, and (3) its latency did not grow: the median of the last third
 * of its (post warm-up) hops is at most the first third's plus the allowed growth.
 *
 * @param latenciesMillis post warm-up hop latencies in hop order
 * @param finalAfterEosMillis NaN when the final event did not arrive
 * @param firstThirdMillis NaN with fewer than 3 post warm-up hops
 * @param problem why the stream did not keep up, empty when it did
 * @param repeatedHops hop events for audio that an earlier hop event already covered: the job
 *     restarted and replayed records (at-least-once), e.g. after a failed checkpoint
 */
public record StreamOutcome(
        String streamId,
        int hopEvents,
        double[] latenciesMillis,
        double finalAfterEosMillis,
        double firstThirdMillis,
        double lastThirdMillis,
        long coveredSamples,
        long lastEventNanos,
        String problem,
        int repeatedHops) {

    public boolean keptUp() {
        return problem.isEmpty();
    }

    public double p50() {
        return Percentiles.of(latenciesMillis, 50);
    }

    public double p99() {
        return Percentiles.of(latenciesMillis, 99);
    }

    /** The layout of the published audio and the model's rate. */
    public record Timeline(
            int inputRate, int samplesPerRecord, int records, int modelRate, int frame) {
        long inputSamples() {
            return (long) samplesPerRecord * records;
        }

        /** Index of the record holding model-rate sample {@code s}. */
        int recordOf(long s) {
            long input = (long) Math.floor((double) s * inputRate / modelRate);
            return (int) Math.min(records - 1, Math.max(0, input / samplesPerRecord));
        }
    }

    /** Judges stream {@code s} of {@code log} from its received events. */
    public static StreamOutcome evaluate(
            String streamId,
            int s,
            List<Received> events,
            PublishLog log,
            Timeline timeline,
            KeepUpRules rules) {
        List<String> problems = new ArrayList<>();
        long expectedStart = 0;
        int hops = 0;
        int repeated = 0;
        boolean gap = false;
        long lastHopEnd = 0;
        long lastNanos = 0;
        Received fin = null;
        double[] lat = new double[events.size()];
        int n = 0;
        long warmupEnd = Math.round(rules.warmupSeconds() * timeline.modelRate());
        for (Received e : events) {
            lastNanos = Math.max(lastNanos, e.receivedNanos());
            if (e.finalEvent()) {
                if (fin == null) {
                    fin = e;
                }
                continue;
            }
            hops++;
            if (e.endSample() <= lastHopEnd) {
                repeated++;
            } else if (e.startSample() != expectedStart && !gap) {
                gap = true;
                problems.add("hop events not contiguous at sample " + expectedStart);
            }
            expectedStart = e.endSample();
            lastHopEnd = Math.max(lastHopEnd, e.endSample());
            if (e.endSample() > warmupEnd) {
                long sent = log.sendNanos()[s][timeline.recordOf(e.endSample() - 1)];
                lat[n++] = (e.receivedNanos() - sent) / 1e6;
            }
        }
        if (repeated > 0) {
            problems.add(0, repeated + " hop events repeated (the job restarted and replayed records)");
        }
        double[] latencies = Arrays.copyOf(lat, n);
        double finalAfter = Double.NaN;
        if (fin == null) {
            problems.add("no final event");
        } else {
            finalAfter = (fin.receivedNanos() - log.endOfStreamNanos(s)) / 1e6;
            // the stream's tail after the last hop may hold a partial frame, which has no event
            if (fin.endSample() < lastHopEnd || fin.endSample() - lastHopEnd >= timeline.frame()) {
                problems.add(
                        "hop events end at " + lastHopEnd + ", the stream at " + fin.endSample());
            } else if (timeline.modelRate() == timeline.inputRate()
                    && fin.endSample() != timeline.inputSamples()) {
                problems.add(
                        "events cover "
                                + fin.endSample()
                                + " of "
                                + timeline.inputSamples()
                                + " samples");
            }
            if (finalAfter > rules.finalWithinMillis()) {
                problems.add(String.format("final event %.0f ms after end of stream", finalAfter));
            }
        }
        double first = Double.NaN;
        double last = Double.NaN;
        int third = n / 3;
        if (third >= 1) {
            first = Stats.median(Arrays.copyOfRange(latencies, 0, third));
            last = Stats.median(Arrays.copyOfRange(latencies, n - third, n));
            if (last - first > rules.growthMillis()) {
                problems.add(
                        String.format(
                                "latency grew from %.0f ms to %.0f ms (median of first and last"
                                        + " third)",
                                first, last));
            }
        }
        long covered =
                Math.min(
                        timeline.inputSamples(),
                        Math.round(
                                (double) lastHopEnd * timeline.inputRate() / timeline.modelRate()));
        return new StreamOutcome(
                streamId,
                hops,
                latencies,
                finalAfter,
                first,
                last,
                covered,
                lastNanos,
                String.join("; ", problems),
                repeated);
    }
}
