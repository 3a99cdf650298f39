package io.s4stream.cli;

import io.s4stream.audio.kafka.EmbeddedKafka;
import io.s4stream.job.InferenceSettings;
import io.s4stream.job.S4StreamOptions;
import io.s4stream.job.S4StreamSettings;
import io.s4stream.job.bench.E2eBench;
import io.s4stream.job.bench.KeepUpRules;
import io.s4stream.job.bench.MaxStreamsSearch;
import io.s4stream.job.bench.RunReport;
import io.s4stream.models.runtime.ModelManifest;

import org.apache.flink.configuration.Configuration;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code bench e2e}: N synthetic live streams through a real broker and the real job in this JVM;
 * latency from publish to event, throughput, and whether every stream kept up; {@code --find-max}
 * searches the largest N that does.
 */
@Command(
        name = "e2e",
        mixinStandardHelpOptions = true,
        description = {
            "Load benchmark: an embedded Kafka broker and the job on a local MiniCluster in this"
                    + " process (at-least-once, the job's own Kafka source and sinks); N"
                    + " synthetic 44.1 kHz mono streams published in real time (100 ms"
                    + " records); a consumer stamps each event.",
            "Latency of a hop event = receive time - send time of the record holding the hop's"
                    + " last sample. A stream keeps up when all its hop events and its final"
                    + " event arrive, the final event within --final-within-ms of its end of"
                    + " stream, and its latency does not grow (median of the last third of hops"
                    + " vs the first third, within --growth-ms). A run passes when every stream"
                    + " keeps up, the publisher keeps pace and p99 <= --max-p99-ms.",
        })
public final class BenchE2eCommand implements Callable<Integer> {

    private static final int PER_STREAM_ROWS = 32;

    @Spec CommandSpec spec;

    @Mixin InferenceFlags inference;

    @Option(
            names = "--streams",
            paramLabel = "N",
            defaultValue = "8",
            description =
                    "Streams (with --find-max: the first count tried) (default: ${DEFAULT-VALUE}).")
    int streams;

    @Option(
            names = "--seconds",
            paramLabel = "S",
            defaultValue = "20",
            description = "Seconds of audio per stream (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(
            names = "--runs",
            paramLabel = "R",
            defaultValue = "3",
            description =
                    "Runs per stream count, each with a fresh job; medians are reported and a"
                            + " count passes when most runs pass (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(
            names = "--find-max",
            description = "Double N until a count fails, then bisect; print the largest passing N.")
    boolean findMax;

    @Option(
            names = "--max-streams",
            paramLabel = "N",
            defaultValue = "4096",
            description = "Largest count --find-max tries (default: ${DEFAULT-VALUE}).")
    int maxStreams;

    @Option(
            names = "--max-p99-ms",
            paramLabel = "MS",
            defaultValue = "150",
            description = "Latency limit of a passing run, p99 (default: ${DEFAULT-VALUE}).")
    double maxP99Millis;

    @Option(
            names = "--warmup-seconds",
            paramLabel = "S",
            defaultValue = "2",
            description =
                    "Hops ending within this much of a stream's start are left out of latency"
                            + " figures (default: ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Option(
            names = "--final-within-ms",
            paramLabel = "MS",
            defaultValue = "1000",
            description = "Final event deadline after end of stream (default: ${DEFAULT-VALUE}).")
    double finalWithinMillis;

    @Option(
            names = "--growth-ms",
            paramLabel = "MS",
            defaultValue = "50",
            description = "Allowed latency growth over a stream (default: ${DEFAULT-VALUE}).")
    double growthMillis;

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            defaultValue = "1",
            description = "Parallelism of the job (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(
            names = "--producer-threads",
            paramLabel = "N",
            defaultValue = "0",
            description = "Publishing threads; 0: one per 256 streams, at most 4 (default: 0).")
    int producerThreads;

    @Option(
            names = "--continuations",
            description =
                    "Also prime the continuation generator on every stream, as the job does by"
                            + " default when a generator is shipped (default: off, so the figures"
                            + " are those of the classifier alone).")
    boolean continuations;

    @Option(
            names = "--warm-up-run",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description =
                    "Start with a discarded run of the first stream count (at most 5 s of audio):"
                            + " the JVM's first run pays for class loading and JIT compilation"
                            + " (default: on).")
    boolean warmupRun;

    @Option(
            names = "--per-stream",
            description =
                    "Print every stream's row (default: only up to "
                            + PER_STREAM_ROWS
                            + " streams; with --find-max only with this flag, for the largest"
                            + " passing count).")
    boolean perStream;

    @Option(
            names = "-D",
            paramLabel = "KEY=VALUE",
            mapFallbackValue = "",
            description =
                    "A Flink option for the local cluster, e.g. -D"
                            + " execution.buffer-timeout.interval=10ms.")
    Map<String, String> flinkOptions = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        if (runs < 1) {
            throw new IllegalArgumentException("--runs must be >= 1, got " + runs);
        }
        PrintWriter out = spec.commandLine().getOut();
        Configuration job = new Configuration();
        inference.writeTo(job);
        job.set(S4StreamOptions.PARALLELISM, parallelism);
        if (!continuations) {
            job.set(S4StreamOptions.CONTINUATION_MODEL, "");
        }
        KeepUpRules rules =
                new KeepUpRules(warmupSeconds, finalWithinMillis, growthMillis, maxP99Millis);
        out.println("Starting an embedded Kafka broker ...");
        out.flush();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            E2eBench bench =
                    new E2eBench(
                            kafka,
                            job,
                            Configuration.fromMap(flinkOptions),
                            seconds,
                            producerThreads,
                            rules);
            header(out, bench.settings());
            E2eReport report = new E2eReport(out, rules);
            if (warmupRun) {
                report.warmUp(bench.warmUp(streams));
            }
            if (!findMax) {
                List<RunReport> done = measure(bench, streams, report);
                report.streams(done.get(done.size() - 1), perStream || streams <= PER_STREAM_ROWS);
                return 0;
            }
            List<RunReport> last = new ArrayList<>();
            MaxStreamsSearch.Result result =
                    MaxStreamsSearch.search(
                            streams,
                            Math.max(streams, maxStreams),
                            0.03,
                            n -> {
                                List<RunReport> r = measureUnchecked(bench, n, report);
                                if (E2eReport.passes(r)) {
                                    last.clear();
                                    last.addAll(r);
                                }
                                return E2eReport.passes(r);
                            });
            report.findMax(result);
            if (perStream && !last.isEmpty()) {
                report.streams(last.get(last.size() - 1), true);
            }
            return 0;
        }
    }

    private void header(PrintWriter out, S4StreamSettings s) {
        InferenceSettings inf = s.inference();
        ModelManifest m = ModelManifest.read(inf.resolveModelDir());
        out.printf(
                "bench e2e: model %s %s (%d Hz, frame %d), chunk %d, max batch %d, max wait %d"
                        + " ms, hop %.3f s, %s, parallelism %d, %s, continuations %s%n",
                m.name(),
                m.version(),
                m.sampleRate(),
                m.frame(),
                inf.chunkSize(),
                inf.maxBatch(),
                inf.maxBatchWait().toMillis(),
                inf.hopSeconds(),
                inf.device(),
                s.parallelism(),
                s.kafka().deliveryGuarantee(),
                continuations ? "primed on every stream" : "off");
        out.printf(
                "streams: synthetic %d Hz mono s16le, %d ms records in real time, %.1f s each;"
                        + " first %.1f s of each stream left out of latency; %d run(s) per count,"
                        + " each with a fresh job%n",
                E2eBench.INPUT_RATE, E2eBench.RECORD_MILLIS, seconds, warmupSeconds, runs);
        out.flush();
    }

    private List<RunReport> measure(E2eBench bench, int n, E2eReport report) throws Exception {
        List<RunReport> done = new ArrayList<>();
        report.runHeader(n);
        for (int r = 1; r <= runs; r++) {
            RunReport run = bench.run(n);
            done.add(run);
            report.run(Integer.toString(r), run);
        }
        if (runs > 1) {
            report.median(done);
        }
        return done;
    }

    private List<RunReport> measureUnchecked(E2eBench bench, int n, E2eReport report) {
        try {
            return measure(bench, n, report);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
