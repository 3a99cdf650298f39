package io.s4stream.cli;

import io.s4stream.job.S4StreamOptions;
import io.s4stream.job.bench.GenerationBench;
import io.s4stream.models.bench.RateMeter;
import io.s4stream.job.bench.ServingBench;
import io.s4stream.models.bench.MatMulPeak;
import io.s4stream.models.bench.ModelBench;
import io.s4stream.models.runtime.ModelManifest;
import io.s4stream.models.runtime.ShippedModels;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code bench model}: the models module's execution-form rows, then the serving paths of the job
 * (official-style step loop and the operator's batched chunk path) or, with {@code --generation},
 * generation speed; all on one ONNX Runtime thread, in one process.
 */
@Command(
        name = "model",
        mixinStandardHelpOptions = true,
        description = {
            "Samples/s of a model in every execution form (naive per-sample ORT, reused buffers,"
                    + " exact chunks, batch sizes; GFLOP/s against a MatMul peak), then the job's"
                    + " serving paths over many streams: the official-style step loop (each"
                    + " stream in turn, one batch-1 step call per frame) and the inference"
                    + " operator's batched chunk path, with ratios to both baselines.",
            "With --generation: a generator's speed through Continuation.step, one stream at"
                    + " batch 1 and many streams batched, as multiples of real time."
        })
public final class BenchModelCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
            names = "--model",
            paramLabel = "DIR",
            description =
                    "Compiled model directory (default: the shipped instrument-family classifier,"
                            + " or with --generation the shipped piano-continuation generator).")
    Path model;

    @Option(
            names = "--generation",
            description = "Benchmark generation (the model must be a mu-law generator).")
    boolean generation;

    @Option(
            names = "--batches",
            paramLabel = "B,...",
            split = ",",
            defaultValue = "1,16,64",
            description = "Batch sizes of the execution-form rows (default: ${DEFAULT-VALUE}).")
    List<Integer> batches;

    @Option(
            names = "--chunks",
            paramLabel = "T,...",
            split = ",",
            description =
                    "Chunk sizes in model-rate samples, multiples of the model's frame (default:"
                            + " those of 256,1024,2048,4096,8192 that are, or 1,2,4,8 frames when"
                            + " fewer than two are; with --generation 64,256, as a frame-1 chunk"
                            + " graph holds T x T maps per channel).")
    List<Integer> chunks;

    @Option(
            names = "--streams",
            paramLabel = "S",
            description = "Streams of the serving or batched generation rows (default: 64; 16).")
    Integer streams;

    @Option(
            names = "--max-batch",
            paramLabel = "N",
            defaultValue = "64",
            description = "Most streams per call on the operator path (default: ${DEFAULT-VALUE}).")
    int maxBatch;

    @Option(
            names = "--seconds",
            paramLabel = "S",
            defaultValue = "0.5",
            description = "Seconds per repetition (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(
            names = "--reps",
            paramLabel = "N",
            defaultValue = "5",
            description = "Repetitions; the median is reported (default: ${DEFAULT-VALUE}).")
    int reps;

    @Option(
            names = "--skip-forms",
            description = "Leave out the execution-form rows of 'model bench'.")
    boolean skipForms;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path dir =
                model != null
                        ? model
                        : ShippedModels.path(
                                generation ? ShippedModels.CONTINUATION : ShippedModels.CLASSIFIER);
        List<Integer> ts =
                chunks != null
                        ? chunks
                        : generation
                                ? List.of(64, 256)
                                : defaultChunks(ModelManifest.read(dir).frame());
        int s = streams != null ? streams : generation ? 16 : 64;
        RateMeter meter = new RateMeter(seconds, reps);
        // both check the model first, before minutes of measuring
        GenerationBench generator = generation ? new GenerationBench(dir, meter) : null;
        ServingBench server =
                generation
                        ? null
                        : new ServingBench(dir, meter, S4StreamOptions.HOP_SECONDS.defaultValue());
        ModelBench forms = new ModelBench(dir, seconds, reps, out);
        if (!skipForms) {
            forms.run(batches, ts);
            out.println();
        }
        double peak = MatMulPeak.gflops(1);
        double naive = forms.naive(1).samplesPerSecond();
        if (generation) {
            generation(out, generator, s, naive, peak);
        } else {
            serving(out, server, s, ts, naive, peak);
        }
        out.flush();
        return 0;
    }

    private void serving(
            PrintWriter out,
            ServingBench bench,
            int s,
            List<Integer> ts,
            double naive,
            double peak) {
        ModelManifest m = bench.manifest();
        ServingBench.Row official = bench.officialStepLoop(s);
        out.printf(
                "serving %d streams of %d Hz audio on one core (model %s %s, frame %d); baselines"
                        + " measured in this run:%n",
                s, m.sampleRate(), m.name(), m.version(), m.frame());
        out.printf(
                "  naive per-sample (batch 1) %.0f samples/s; official-style step loop %.0f"
                        + " samples/s; MatMul peak %.1f GFLOP/s%n",
                naive, official.samplesPerSecond(), peak);
        out.printf(
                "%-22s %7s %6s %6s %14s %9s %11s %12s %9s %7s%n",
                "mode",
                "streams",
                "batch",
                "T",
                "samples/s",
                "x naive",
                "x official",
                "x real-time",
                "GFLOP/s",
                "% peak");
        print(out, official, m.sampleRate(), naive, official.samplesPerSecond(), peak);
        for (int t : ts) {
            ServingBench.Row r = bench.operatorPath(s, maxBatch, t);
            print(out, r, m.sampleRate(), naive, official.samplesPerSecond(), peak);
        }
    }

    private static void print(
            PrintWriter out,
            ServingBench.Row r,
            int rate,
            double naive,
            double official,
            double peak) {
        out.printf(
                "%-22s %7d %6d %6d %14.0f %9.1f %11.2f %12.2f %9.2f %7.1f%n",
                r.mode(),
                r.streams(),
                r.batch(),
                r.chunk(),
                r.samplesPerSecond(),
                r.samplesPerSecond() / naive,
                r.samplesPerSecond() / official,
                r.samplesPerSecond() / rate,
                r.gflops(),
                100 * r.gflops() / peak);
        out.flush();
    }

    private static void generation(
            PrintWriter out, GenerationBench bench, int s, double naive, double peak) {
        ModelManifest m = bench.manifest();
        out.printf(
                "generation with model %s %s at %d Hz: Continuation.step, one step-graph call per"
                        + " sample (sampling included), one core; naive per-sample %.0f"
                        + " samples/s; MatMul peak %.1f GFLOP/s%n",
                m.name(), m.version(), m.sampleRate(), naive, peak);
        out.printf(
                "%-20s %7s %17s %12s %8s %15s %13s %9s %7s%n",
                "mode",
                "streams",
                "samples/s/stream",
                "x real-time",
                "RTF",
                "total samples/s",
                "x one stream",
                "GFLOP/s",
                "% peak");
        GenerationBench.Row one = bench.generate(1);
        print(out, one, m.sampleRate(), one, peak);
        if (s > 1) {
            print(out, bench.generate(s), m.sampleRate(), one, peak);
        }
    }

    private static void print(
            PrintWriter out,
            GenerationBench.Row r,
            int rate,
            GenerationBench.Row one,
            double peak) {
        double perStream = r.perStreamSamplesPerSecond();
        double total = perStream * r.streams();
        out.printf(
                "%-20s %7d %17.0f %12.2f %8.3f %15.0f %13.2f %9.2f %7.1f%n",
                r.mode(),
                r.streams(),
                perStream,
                perStream / rate,
                rate / perStream,
                total,
                total / one.perStreamSamplesPerSecond(),
                r.gflops(),
                100 * r.gflops() / peak);
        out.flush();
    }

    /** The default chunk sizes for a model with this frame. */
    static List<Integer> defaultChunks(int frame) {
        List<Integer> ts =
                java.util.stream.Stream.of(256, 1024, 2048, 4096, 8192)
                        .filter(t -> t % frame == 0)
                        .toList();
        return ts.size() >= 2 ? ts : List.of(frame, 2 * frame, 4 * frame, 8 * frame);
    }
}
