package io.s4stream.cli;

import io.s4stream.job.LocalJob;
import io.s4stream.job.S4StreamJob;
import io.s4stream.job.S4StreamSettings;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code run-job}: runs the pipeline against Kafka, on a local Flink MiniCluster in this JVM, or on
 * the cluster of the execution environment when launched through {@code flink run}.
 */
@Command(
        name = "run-job",
        mixinStandardHelpOptions = true,
        description = {
            "Run the s4stream Flink job: audio records from Kafka in, classification events,"
                    + " generated continuations and dead letters out.",
            "Runs on a local MiniCluster in this process (or on the cluster when submitted with"
                    + " 'flink run'); stop it with Ctrl-C."
        })
public final class RunJobCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin InferenceFlags inference;

    @Mixin JobFlags job;

    @Mixin ContinuationFlags continuation;

    @Override
    public Integer call() throws Exception {
        Configuration config = configuration();
        S4StreamSettings settings = S4StreamSettings.fromConfiguration(config);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                "s4stream job: %s '%s' -> events '%s', dead letters '%s'; %s, parallelism %d, %s%n",
                settings.kafka().bootstrapServers(),
                settings.kafka().inputTopic(),
                settings.kafka().outputTopic(),
                settings.kafka().deadLetterTopic(),
                settings.inference(),
                settings.parallelism(),
                settings.kafka().deliveryGuarantee());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        if (env instanceof LocalStreamEnvironment) {
            // a MiniCluster in this process: checkpoints to a directory, not the JobManager's
            // 5 MB of memory (under `flink run` the cluster's configuration decides)
            Optional<Path> dir = LocalJob.useCheckpointDirectory(config);
            if (dir.isPresent()) {
                out.printf(
                        "checkpoints: %s (temporary; -D execution.checkpointing.dir=URI to keep"
                                + " them)%n",
                        dir.get());
                Runtime.getRuntime()
                        .addShutdownHook(new Thread(() -> LocalJob.deleteQuietly(dir.get())));
                env = StreamExecutionEnvironment.createLocalEnvironment(config);
            }
        }
        out.flush();
        S4StreamJob.kafka(settings).execute(env);
        return 0;
    }

    /** The Flink configuration of the flags: -D options, then every s4 option given. */
    Configuration configuration() {
        Configuration config = new Configuration();
        job.writeTo(config);
        inference.writeTo(config);
        continuation.writeTo(config);
        return config;
    }
}
