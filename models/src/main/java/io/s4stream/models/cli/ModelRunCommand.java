package io.s4stream.models.cli;

import io.s4stream.models.io.ModelFileException;
import io.s4stream.models.io.Safetensors;
import io.s4stream.models.io.Tensor;
import io.s4stream.models.runtime.ModelManifest;
import io.s4stream.models.runtime.RuntimeOptions;
import io.s4stream.models.runtime.S4Runtime;
import io.s4stream.models.runtime.SequenceRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code model run}: tensor {@code input} [L, C] through ONNX Runtime, per sample or T at a time. */
@Command(name = "run", description = "Run tensor 'input' [L, C] through the model; writes tensor 'output'.",
        mixinStandardHelpOptions = true)
final class ModelRunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "Compiled model directory.")
    Path model;

    @Option(names = "--input", required = true, description = "safetensors file with tensor 'input' [L, C].")
    Path input;

    @Option(names = "--out", required = true, description = "safetensors file to write with tensor 'output'.")
    Path out;

    @Option(names = "--chunk", defaultValue = "0", description = "Samples per call (exact chunk graph); 0 = per sample (step graph).")
    int chunk;

    @Override
    public Integer call() {
        Map<String, Tensor> tensors = Safetensors.read(input);
        Tensor in = tensors.get("input");
        ModelManifest m = ModelManifest.read(model);
        if (in == null || in.rank() != 2 || in.dim(1) != m.inputChannels()) {
            throw new ModelFileException(input + ": expected tensor 'input' with shape [L, " + m.inputChannels() + "], got "
                    + (in == null ? "none; tensors: " + tensors.keySet() : java.util.Arrays.toString(in.shape())));
        }
        int length = in.dim(0);
        try (S4Runtime rt = S4Runtime.open(model, RuntimeOptions.builder().chunkSize(chunk).maxBatch(1).build())) {
            long start = System.nanoTime();
            SequenceRunner.Result r = SequenceRunner.run(rt, rt.newState(), in.data(), length, chunk > 0);
            double seconds = (System.nanoTime() - start) / 1e9;
            Safetensors.write(out, List.of(new Tensor("output", new long[] {r.steps(), m.outputChannels()}, r.output())));
            spec.commandLine().getOut().printf("%s: %d samples -> %d x %d outputs (%s) in %.3f s (%.0f samples/s) -> %s%n",
                    m.name(), length, r.steps(), m.outputChannels(), chunk > 0 ? "chunk " + chunk : "per sample",
                    seconds, length / seconds, out);
        }
        return 0;
    }
}
