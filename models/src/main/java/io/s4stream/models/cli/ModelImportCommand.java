package io.s4stream.models.cli;

import io.s4stream.models.compile.ModelCompiler;
import io.s4stream.models.runtime.ModelManifest;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code model import}: an official S4Block (settings JSON + state_dict safetensors) to a model directory. */
@Command(name = "import", description = "Compile an official S4Block (state-spaces/s4) into a model directory.",
        mixinStandardHelpOptions = true)
final class ModelImportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, description = "S4Block settings JSON (d_model, d_state, mode, ...).")
    Path config;

    @Option(names = "--weights", required = true, description = "S4Block state_dict as safetensors (official names).")
    Path weights;

    @Option(names = "--out", required = true, description = "Directory to write (replaced if it is a model directory).")
    Path out;

    @Option(names = "--chunks", defaultValue = "64,256,1024", description = "Chunk graphs to write (default: ${DEFAULT-VALUE}).")
    String chunks;

    @Override
    public Integer call() {
        ModelManifest m = ModelCompiler.importOfficial(config, weights, out, ChunkSizes.parse(chunks));
        spec.commandLine().getOut().printf("Imported %s: %d channels, state %s, chunks %s -> %s%n", m.name(),
                m.inputChannels(), m.states(), m.chunkSizes(), out);
        return 0;
    }
}
