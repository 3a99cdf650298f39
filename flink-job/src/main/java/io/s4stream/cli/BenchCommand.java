package io.s4stream.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: throughput and latency benchmarks; see {@code bench model} and {@code bench e2e}.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Benchmarks. Figures are medians of repeated runs, shown as ratios to baselines"
                    + " measured in the same process; the machine's load changes them.",
        },
        subcommands = {BenchModelCommand.class, BenchE2eCommand.class})
public final class BenchCommand implements Runnable {

    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
