package io.s4stream.models.cli;

import ai.onnxruntime.OrtException;
import io.s4stream.models.bench.ModelBench;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code model bench}: samples/s in every execution form, with ratios to the naive baseline. */
@Command(name = "bench", description = "Measure samples/s: naive per-sample ORT, reused buffers, exact chunks; "
        + "batch sizes; GFLOP/s against a matrix-product peak.", mixinStandardHelpOptions = true)
final class ModelBenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "Compiled model directory.")
    Path model;

    @Option(names = "--batches", defaultValue = "1,16,64", description = "Batch sizes (default: ${DEFAULT-VALUE}).")
    String batches;

    @Option(names = "--chunks", defaultValue = "64,256,1024", description = "Chunk sizes (default: ${DEFAULT-VALUE}).")
    String chunks;

    @Option(names = "--seconds", defaultValue = "0.5", description = "Seconds per repetition (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--reps", defaultValue = "3", description = "Repetitions; the median is reported (default: ${DEFAULT-VALUE}).")
    int reps;

    @Override
    public Integer call() throws OrtException {
        new ModelBench(model, seconds, reps, spec.commandLine().getOut())
                .run(ChunkSizes.parse(batches), ChunkSizes.parse(chunks));
        return 0;
    }
}
