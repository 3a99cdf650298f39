package io.s4stream.models.cli;

import io.s4stream.models.compile.ModelCompiler;
import io.s4stream.models.runtime.ModelManifest;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code model compile}: a model.json + weights.safetensors source directory to a model directory. */
@Command(name = "compile", description = "Compile a model description (model.json + weights.safetensors).",
        mixinStandardHelpOptions = true)
final class ModelCompileCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--source", required = true, description = "Directory holding model.json and weights.safetensors.")
    Path source;

    @Option(names = "--out", required = true, description = "Directory to write.")
    Path out;

    @Option(names = "--chunks", defaultValue = "", description = "Chunk graphs to write, e.g. 64,256 (default: none; compiled on load).")
    String chunks;

    @Override
    public Integer call() {
        ModelManifest m = ModelCompiler.compileSource(source, out, ChunkSizes.parse(chunks));
        spec.commandLine().getOut().printf("Compiled %s %s (%s, %d Hz, frame %d, %d state floats) -> %s%n", m.name(),
                m.version(), m.task(), m.sampleRate(), m.frame(), m.stateSize(), out);
        return 0;
    }
}
