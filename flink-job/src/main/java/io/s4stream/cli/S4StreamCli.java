package io.s4stream.cli;

import io.s4stream.audio.cli.PublishCommand;
import io.s4stream.audio.cli.SubscribeCommand;
import io.s4stream.models.cli.ModelCommand;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

/** The {@code s4stream} command line. */
@Command(
        name = "s4stream",
        mixinStandardHelpOptions = true,
        version = "s4stream 0.1.0",
        description = "S4 state-space models on live audio streams: Kafka, Flink and ONNX Runtime.",
        subcommands = {
            DemoCommand.class,
            PublishCommand.class,
            SubscribeCommand.class,
            RunJobCommand.class,
            ClassifyCommand.class,
            ContinueCommand.class,
            PitchCommand.class,
            ModelCommand.class,
            BenchCommand.class
        })
public final class S4StreamCli implements Runnable {

    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The command line, ready to execute. */
    public static CommandLine commandLine() {
        CommandLine cl =
                new CommandLine(new S4StreamCli())
                        .setCaseInsensitiveEnumValuesAllowed(true)
                        .setExecutionExceptionHandler(S4StreamCli::report);
        // nll reads audio files (audio-io), which the models module does not depend on.
        cl.getSubcommands().get("model").addSubcommand("nll", new ModelNllCommand());
        return cl;
    }

    /**
     * A failing command prints one line per cause (the stack trace too when {@code
     * S4STREAM_LOG_LEVEL} is DEBUG) and exits with 1.
     */
    private static int report(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        String prefix = "s4stream " + cli.getCommandName() + ": ";
        for (Throwable t = e; t != null; t = t.getCause()) {
            err.println(prefix + (t.getMessage() == null ? t.toString() : t.getMessage()));
            prefix = "  caused by: ";
        }
        if ("DEBUG".equalsIgnoreCase(System.getenv("S4STREAM_LOG_LEVEL"))) {
            e.printStackTrace(err);
        }
        err.flush();
        return 1;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
