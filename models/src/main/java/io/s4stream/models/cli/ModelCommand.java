package io.s4stream.models.cli;

import picocli.CommandLine.Command;

/** {@code s4stream model}: tools over compiled S4 models. */
@Command(
        name = "model",
        description = "Import, compile, run and benchmark S4 models.",
        mixinStandardHelpOptions = true,
        subcommands = {
            ModelImportCommand.class,
            ModelCompileCommand.class,
            ModelRunCommand.class,
            ModelBenchCommand.class
        })
public final class ModelCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
