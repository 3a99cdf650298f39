package io.s4stream.cli;

import io.s4stream.audio.event.ClassificationEvent;
import io.s4stream.audio.kafka.AudioPublisher;
import io.s4stream.audio.kafka.EmbeddedKafka;
import io.s4stream.audio.kafka.OutputListener;
import io.s4stream.audio.kafka.OutputSubscriber;
import io.s4stream.audio.kafka.Pace;
import io.s4stream.audio.kafka.PublisherSettings;
import io.s4stream.audio.kafka.StartPosition;
import io.s4stream.audio.kafka.SubscriberSettings;
import io.s4stream.job.LocalJob;
import io.s4stream.job.S4StreamOptions;
import io.s4stream.job.S4StreamSettings;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * {@code demo}: everything in one process. Starts an embedded Kafka broker, runs the job on a local
 * Flink MiniCluster, publishes the bundled clips concurrently in real time and prints the events as
 * they arrive; exits once every clip's final event is in.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Run the whole pipeline in this process: embedded Kafka, the Flink job on a local"
                    + " MiniCluster, and four bundled clips published concurrently in real"
                    + " time (44.1 kHz mono, 48 kHz stereo, 22.05 kHz mono, 16 kHz mono).",
            "Prints the classification events as they arrive and exits when every clip's final"
                    + " event is in."
        })
public final class DemoCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin InferenceFlags inference;

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            defaultValue = "1",
            description = "Parallelism of the job (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(
            names = "--keep-running",
            description =
                    "Stay up after the clips (until Ctrl-C) and print the broker's address,"
                            + " so that 'publish' can send more audio.")
    boolean keepRunning;

    @Option(names = "--fast", description = "Publish the clips as fast as possible.")
    boolean fast;

    @Option(names = "--json", description = "Print events as JSON lines instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<DemoClips.Clip> clips = DemoClips.load();
        out.println("Starting an embedded Kafka broker ...");
        out.flush();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            S4StreamSettings settings = settings(kafka.bootstrapServers());
            String input = settings.kafka().inputTopic();
            String output = settings.kafka().outputTopic();
            kafka.createTopics(2, input, output, settings.kafka().deadLetterTopic());
            out.printf(
                    "Kafka at %s; starting the job on a local Flink MiniCluster ...%n",
                    kafka.bootstrapServers());
            out.flush();
            ExecutorService publishers = Executors.newFixedThreadPool(clips.size());
            try (LocalJob job = LocalJob.start(settings, new Configuration())) {
                return run(
                        out,
                        kafka.bootstrapServers(),
                        input,
                        output,
                        clips,
                        job.client(),
                        publishers);
            } finally {
                publishers.shutdownNow();
            }
        }
    }

    private int run(
            PrintWriter out,
            String bootstrap,
            String input,
            String output,
            List<DemoClips.Clip> clips,
            JobClient job,
            ExecutorService publishers)
            throws Exception {
        EventRows rows = new EventRows(out, json);
        Set<String> pendingClips = ConcurrentHashMap.newKeySet();
        clips.forEach(c -> pendingClips.add(c.streamId()));
        OutputSubscriber subscriber =
                new OutputSubscriber(
                        SubscriberSettings.builder()
                                .bootstrapServers(bootstrap)
                                .topic(output)
                                .startPosition(StartPosition.EARLIEST)
                                .untilFinalEvents(keepRunning ? 0 : clips.size())
                                .build());
        CountDownLatch finished = new CountDownLatch(1);
        Thread onCtrlC =
                new Thread(
                        () -> {
                            subscriber.stop();
                            awaitQuietly(finished);
                        },
                        "s4stream-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        JobWatch watch = new JobWatch(job, subscriber);
        watch.start();
        try {
            for (DemoClips.Clip clip : clips) {
                out.printf(
                        "Publishing %-20s %6d Hz, %d ch, %.2f s%n",
                        clip.streamId(),
                        clip.audio().sampleRate(),
                        clip.audio().channels(),
                        clip.audio().durationSeconds());
            }
            out.flush();
            List<Future<?>> sent =
                    clips.stream()
                            .<Future<?>>map(
                                    c -> publishers.submit(() -> publish(bootstrap, input, c)))
                            .toList();
            subscriber.run(
                    new OutputListener() {
                        @Override
                        public void onEvent(ClassificationEvent event, String text) {
                            rows.print(event);
                            if (event.finalEvent()
                                    && pendingClips.remove(event.streamId())
                                    && pendingClips.isEmpty()
                                    && keepRunning) {
                                out.printf(
                                        "%nAll demo clips classified. The broker stays up at %s:%n "
                                                + " ./s4stream publish --bootstrap-servers %s"
                                                + " FILE.wav%nEvents of new streams appear below;"
                                                + " Ctrl-C stops.%n",
                                        bootstrap, bootstrap);
                                out.flush();
                            }
                        }
                    });
            for (Future<?> f : sent) {
                f.get();
            }
            if (watch.failure != null) {
                spec.commandLine().getErr().println("demo: the job stopped: " + watch.failure);
                return 1;
            }
            if (!pendingClips.isEmpty()) {
                spec.commandLine().getErr().println("demo: no final event for " + pendingClips);
                return 1;
            }
            out.println(keepRunning ? "Stopped." : "Every clip has its final event.");
            return 0;
        } finally {
            watch.interrupt();
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and waits for this cleanup
            }
        }
    }

    private S4StreamSettings settings(String bootstrap) {
        Configuration config = new Configuration();
        config.set(S4StreamOptions.BOOTSTRAP_SERVERS, bootstrap);
        config.set(S4StreamOptions.GROUP_ID, "s4stream-demo");
        config.set(S4StreamOptions.PARALLELISM, parallelism);
        inference.writeTo(config);
        return S4StreamSettings.fromConfiguration(config);
    }

    private Void publish(String bootstrap, String topic, DemoClips.Clip clip) {
        try (AudioPublisher publisher =
                new AudioPublisher(
                        PublisherSettings.builder()
                                .bootstrapServers(bootstrap)
                                .topic(topic)
                                .pace(fast ? Pace.FAST : Pace.REAL_TIME)
                                .build())) {
            publisher.publish(clip.streamId(), clip.audio());
        }
        return null;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the subscriber when the job reaches a terminal state. */
    private static final class JobWatch extends Thread {
        private final JobClient job;
        private final OutputSubscriber subscriber;
        volatile String failure;

        JobWatch(JobClient job, OutputSubscriber subscriber) {
            super("s4stream-demo-job-watch");
            setDaemon(true);
            this.job = job;
            this.subscriber = subscriber;
        }

        @Override
        public void run() {
            try {
                while (!isInterrupted()) {
                    var status = job.getJobStatus().get();
                    if (status.isTerminalState()) {
                        failure = status.toString();
                        subscriber.stop();
                        return;
                    }
                    Thread.sleep(500);
                }
            } catch (InterruptedException e) {
                // demo finished
            } catch (Exception e) {
                failure = e.toString();
                subscriber.stop();
            }
        }
    }
}
