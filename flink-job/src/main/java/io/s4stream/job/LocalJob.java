package io.s4stream.job;

import io.s4stream.models.io.AtomicFiles;
import io.s4stream.models.io.ModelFileException;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Kafka job on a local Flink MiniCluster inside this JVM (what {@code demo} and {@code bench
 * e2e} run). {@link #close()} cancels the job and waits until it has stopped, so that a broker
 * closed afterwards does not pull the ground from under a running job.
 *
 * <p>Checkpoints go to a temporary directory (deleted on close) unless the options name one: a
 * MiniCluster's default keeps each checkpoint in the JobManager's memory, capped at 5 MB, and about
 * 19 streams of the shipped classifier (256 KB of S4 state each) pass that, so the checkpoint fails
 * and the job restarts, replaying records.
 */
public final class LocalJob implements AutoCloseable {

    private static final long STOP_SECONDS = 30;

    private final JobClient client;
    private final Optional<Path> checkpoints;
    private boolean closed;

    private LocalJob(JobClient client, Optional<Path> checkpoints) {
        this.client = client;
        this.checkpoints = checkpoints;
    }

    /**
     * Starts {@link S4StreamJob#kafka(S4StreamSettings)} without waiting for it to run.
     *
     * @param flinkOptions further Flink options (e.g. {@code -D} flags), applied over the settings
     */
    public static LocalJob start(S4StreamSettings settings, Configuration flinkOptions)
            throws Exception {
        Configuration flink = settings.toConfiguration();
        flink.addAll(flinkOptions);
        Optional<Path> checkpoints = useCheckpointDirectory(flink);
        try {
            return new LocalJob(
                    S4StreamJob.kafka(settings)
                            .start(StreamExecutionEnvironment.createLocalEnvironment(flink)),
                    checkpoints);
        } catch (Exception | Error e) {
            checkpoints.ifPresent(LocalJob::deleteQuietly);
            throw e;
        }
    }

    /**
     * Points {@code flink} at a new temporary checkpoint directory unless it names one already
     * ({@code execution.checkpointing.dir}); returns the directory it created.
     */
    public static Optional<Path> useCheckpointDirectory(Configuration flink) {
        if (flink.contains(CheckpointingOptions.CHECKPOINTS_DIRECTORY)) {
            return Optional.empty();
        }
        try {
            Path dir = Files.createTempDirectory("s4stream-checkpoints-");
            flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.toUri().toString());
            return Optional.of(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a checkpoint directory: " + e.getMessage(), e);
        }
    }

    /** Deletes a directory tree, ignoring failures: a leftover temporary directory is harmless. */
    public static void deleteQuietly(Path dir) {
        try {
            AtomicFiles.deleteTree(dir);
        } catch (ModelFileException e) {
            // what could not be deleted stays in the temporary directory
        }
    }

    public JobClient client() {
        return client;
    }

    /** The job's status if it has ended (failed, cancelled, finished); empty while it runs. */
    public Optional<JobStatus> ended() throws InterruptedException {
        try {
            JobStatus status = client.getJobStatus().get(STOP_SECONDS, TimeUnit.SECONDS);
            return status.isTerminalState() ? Optional.of(status) : Optional.empty();
        } catch (ExecutionException | TimeoutException e) {
            // the local cluster is gone with its job
            return Optional.of(JobStatus.FAILED);
        }
    }

    /** Cancels the job and waits until it has stopped. Idempotent. */
    @Override
    public void close() throws InterruptedException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            client.cancel().get(STOP_SECONDS, TimeUnit.SECONDS);
            client.getJobExecutionResult().get(STOP_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | IllegalStateException e) {
            // cancelled (the result future fails), or already gone with its local cluster
        } finally {
            checkpoints.ifPresent(LocalJob::deleteQuietly);
        }
    }
}
