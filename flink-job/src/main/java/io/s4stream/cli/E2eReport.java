package io.s4stream.cli;

import io.s4stream.job.bench.KeepUpRules;
import io.s4stream.job.bench.MaxStreamsSearch;
import io.s4stream.job.bench.RunReport;
import io.s4stream.job.bench.StreamOutcome;
import io.s4stream.models.bench.Stats;

import java.io.PrintWriter;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** The tables of {@code bench e2e}. */
final class E2eReport {

    private static final String RUN_FORMAT = "%-7s %7s %8s %10s %8s %8s %8s %12s %9s %12s  %s%n";
    private static final String STREAM_FORMAT = "%-8s %5s %8s %8s %13s %12s %17s  %s%n";
    private static final int LISTED_PROBLEMS = 10;

    private final PrintWriter out;
    private final KeepUpRules rules;

    E2eReport(PrintWriter out, KeepUpRules rules) {
        this.out = out;
        this.rules = rules;
    }

    /** Whether most runs passed. */
    static boolean passes(List<RunReport> runs) {
        return 2 * runs.stream().filter(RunReport::passed).count() > runs.size();
    }

    void warmUp(RunReport r) {
        out.printf(
                "warm-up run (not counted): %d stream(s), %d/%d kept up, p50 %s ms, p99 %s ms%n",
                r.streams(),
                r.keptUp(),
                r.streams(),
                ms(r.latencyP50Millis()),
                ms(r.latencyP99Millis()));
        out.flush();
    }

    void runHeader(int streams) {
        out.printf("%n%d stream(s):%n", streams);
        out.printf(
                RUN_FORMAT,
                "RUN",
                "STREAMS",
                "KEPT-UP",
                "HOP-EVENTS",
                "P50-MS",
                "P99-MS",
                "MAX-MS",
                "SAMPLES/S",
                "X-DEMAND",
                "PUB-LAG-P99",
                "RESULT");
        out.flush();
    }

    void run(String label, RunReport r) {
        out.printf(
                RUN_FORMAT,
                label,
                r.streams(),
                r.keptUp() + "/" + r.streams(),
                r.hopEvents(),
                ms(r.latencyP50Millis()),
                ms(r.latencyP99Millis()),
                ms(r.latencyMaxMillis()),
                String.format("%.0f", r.samplesPerSecond()),
                String.format("%.3f", r.samplesPerSecond() / r.demandSamplesPerSecond()),
                ms(r.publisherLagP99Millis()),
                r.passed() ? "pass" : "FAIL" + reason(r));
        out.flush();
    }

    /** The median of each column over the runs; passes when most runs passed. */
    void median(List<RunReport> runs) {
        RunReport first = runs.get(0);
        out.printf(
                RUN_FORMAT,
                "median",
                first.streams(),
                String.format("%.0f/%d", median(runs, RunReport::keptUp), first.streams()),
                String.format("%.0f", median(runs, RunReport::hopEvents)),
                ms(median(runs, RunReport::latencyP50Millis)),
                ms(median(runs, RunReport::latencyP99Millis)),
                ms(median(runs, RunReport::latencyMaxMillis)),
                String.format("%.0f", median(runs, RunReport::samplesPerSecond)),
                String.format(
                        "%.3f",
                        median(runs, r -> r.samplesPerSecond() / r.demandSamplesPerSecond())),
                ms(median(runs, RunReport::publisherLagP99Millis)),
                passes(runs) ? "pass" : "FAIL");
        out.flush();
    }

    /** Every stream's row, or (when {@code all} is false) the streams that did not keep up. */
    void streams(RunReport r, boolean all) {
        if (all) {
            out.printf("%nStreams of the last run:%n");
            out.printf(
                    STREAM_FORMAT,
                    "STREAM",
                    "HOPS",
                    "P50-MS",
                    "P99-MS",
                    "FIRST-3RD-MS",
                    "LAST-3RD-MS",
                    "FINAL-AFTER-EOS",
                    "KEPT-UP");
            for (StreamOutcome o : r.outcomes()) {
                out.printf(
                        STREAM_FORMAT,
                        o.streamId(),
                        o.hopEvents(),
                        ms(o.p50()),
                        ms(o.p99()),
                        ms(o.firstThirdMillis()),
                        ms(o.lastThirdMillis()),
                        ms(o.finalAfterEosMillis()),
                        o.keptUp() ? "yes" : "no: " + o.problem());
            }
        } else if (r.keptUp() < r.streams()) {
            out.printf("%nStreams of the last run that did not keep up:%n");
            r.outcomes().stream()
                    .filter(o -> !o.keptUp())
                    .limit(LISTED_PROBLEMS)
                    .forEach(o -> out.printf("  %s: %s%n", o.streamId(), o.problem()));
            if (r.streams() - r.keptUp() > LISTED_PROBLEMS) {
                out.printf("  ... and %d more%n", r.streams() - r.keptUp() - LISTED_PROBLEMS);
            }
        } else {
            out.printf("%nEvery stream of the last run kept up.%n");
        }
        out.flush();
    }

    void findMax(MaxStreamsSearch.Result result) {
        out.println();
        if (result.largestPassing() == 0) {
            out.printf(
                    "No stream count passes (p99 <= %.0f ms, every stream keeping up); tried %s.%n",
                    rules.maxP99Millis(), result.probed());
        } else if (result.smallestFailing() == 0) {
            out.printf(
                    "Largest N that keeps up with p99 <= %.0f ms: %d (the most tried; tried %s).%n",
                    rules.maxP99Millis(), result.largestPassing(), result.probed());
        } else {
            out.printf(
                    "Largest N that keeps up with p99 <= %.0f ms: %d (%d failed; tried %s).%n",
                    rules.maxP99Millis(),
                    result.largestPassing(),
                    result.smallestFailing(),
                    result.probed());
        }
        out.flush();
    }

    private String reason(RunReport r) {
        StringBuilder why = new StringBuilder();
        if (r.keptUp() < r.streams()) {
            why.append(", ").append(r.streams() - r.keptUp()).append(" behind");
        }
        int repeated = r.outcomes().stream().mapToInt(StreamOutcome::repeatedHops).sum();
        if (repeated > 0) {
            why.append(", job restarted: ").append(repeated).append(" hop events repeated");
        }
        if (!(r.latencyP99Millis() <= rules.maxP99Millis())) {
            why.append(", p99 > ").append(String.format("%.0f", rules.maxP99Millis()));
        }
        if (!r.publisherOnPace()) {
            why.append(", publisher lagged");
        }
        return why.length() == 0 ? "" : " (" + why.substring(2) + ")";
    }

    private static double median(List<RunReport> runs, ToDoubleFunction<RunReport> f) {
        return Stats.median(runs.stream().mapToDouble(f).toArray());
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "-" : String.format("%.0f", v);
    }
}
