package io.s4stream.cli;

import io.s4stream.audio.file.AudioFiles;
import io.s4stream.job.generation.ModelRateAudio;
import io.s4stream.models.generation.TeacherForcedNll;
import io.s4stream.models.runtime.RuntimeOptions;
import io.s4stream.models.runtime.S4Runtime;
import io.s4stream.models.runtime.ShippedModels;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code s4stream model nll --model DIR FILE...}: bits per sample of each file under a mu-law
 * generator, teacher-forced through the streaming step graph, beside the entropy of the file's
 * 8-bit mu-law histogram.
 */
@Command(
        name = "nll",
        description =
                "Teacher-forced bits/sample through the step graph vs mu-law histogram entropy.",
        mixinStandardHelpOptions = true)
public final class ModelNllCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
            names = "--model",
            description = "Generator model directory (default: shipped piano-continuation).")
    Path model;

    @Parameters(
            arity = "1..*",
            description = "Audio files (any rate; resampled to the model's rate).")
    List<Path> files;

    @Override
    public Integer call() {
        Path dir = model != null ? model : ShippedModels.path(ShippedModels.CONTINUATION);
        var out = spec.commandLine().getOut();
        try (S4Runtime rt =
                S4Runtime.open(dir, RuntimeOptions.builder().chunkSize(0).maxBatch(1).build())) {
            int rate = rt.manifest().sampleRate();
            out.printf(
                    "%-40s %9s %12s %12s %8s%n", "file", "samples", "nll bits", "entropy", "gap");
            double nllSum = 0;
            double entSum = 0;
            long total = 0;
            for (Path f : files) {
                float[] audio = ModelRateAudio.toMono(AudioFiles.read(f), rate);
                TeacherForcedNll.Result r = TeacherForcedNll.evaluate(rt, audio);
                out.printf(
                        "%-40s %9d %12.3f %12.3f %8.3f%n",
                        f.getFileName(),
                        r.samples(),
                        r.bitsPerSample(),
                        r.histogramEntropyBits(),
                        r.histogramEntropyBits() - r.bitsPerSample());
                nllSum += r.bitsPerSample() * r.samples();
                entSum += r.histogramEntropyBits() * r.samples();
                total += r.samples();
            }
            out.printf(
                    "%-40s %9d %12.3f %12.3f %8.3f%n",
                    "overall (sample-weighted)",
                    total,
                    nllSum / total,
                    entSum / total,
                    (entSum - nllSum) / total);
        }
        return 0;
    }
}
