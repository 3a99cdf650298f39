package io.s4stream.job;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Kafka job on a local Flink MiniCluster inside this JVM (what {@code demo} and {@code bench
 * e2e} run). {@link #close()} cancels the job and waits until it has stopped, so that a broker
 * closed afterwards does not pull the ground from under a running job.
 */
public final class LocalJob implements AutoCloseable {

    private static final long STOP_SECONDS = 30;

    private final JobClient client;
    private boolean closed;

    private LocalJob(JobClient client) {
        this.client = client;
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
        return new LocalJob(
                S4StreamJob.kafka(settings)
                        .start(StreamExecutionEnvironment.createLocalEnvironment(flink)));
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
        }
    }
}
