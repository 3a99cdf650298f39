package io.s4stream.audio.cli;

import io.s4stream.audio.event.ClassificationEvent;
import io.s4stream.audio.kafka.OutputListener;
import io.s4stream.audio.kafka.OutputSubscriber;
import io.s4stream.audio.kafka.StartPosition;
import io.s4stream.audio.kafka.SubscribeResult;
import io.s4stream.audio.kafka.SubscriberSettings;

import org.apache.kafka.common.KafkaException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code subscribe}: prints the job's classification events and saves generated audio. */
@Command(
        name = "subscribe",
        mixinStandardHelpOptions = true,
        description = {
            "Read the job's output topic: print classification events (a table, or JSON lines"
                    + " with --json) and write generated audio to --audio-dir/<stream-id>.wav.",
            "Exit status: 0 when done (or stopped), 2 when --timeout-s passed before the --until"
                    + " conditions were met, 1 on errors."
        })
public final class SubscribeCommand implements Callable<Integer> {
    @Option(
            names = "--bootstrap-servers",
            defaultValue = "localhost:9092",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(
            names = "--topic",
            defaultValue = "events",
            description = "Output topic to read (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--json", description = "Print each event as one raw JSON line.")
    boolean json;

    @Option(
            names = "--from-beginning",
            description = "Read everything the topic holds, not only new records.")
    boolean fromBeginning;

    @Option(
            names = "--audio-dir",
            paramLabel = "DIR",
            description = "Write each stream's generated audio to DIR/<stream-id>.wav.")
    Path audioDir;

    @Option(
            names = "--until-final",
            paramLabel = "N",
            defaultValue = "0",
            description = "Exit after N final events (0 = keep reading).")
    int untilFinal;

    @Option(
            names = "--until-audio",
            paramLabel = "N",
            defaultValue = "0",
            description = "Exit after N audio files were written (needs --audio-dir).")
    int untilAudio;

    @Option(
            names = "--timeout-s",
            paramLabel = "S",
            defaultValue = "0",
            description = "Give up after S seconds (0 = never).")
    long timeoutSeconds;

    private final PrintStream out;
    private final PrintStream err;

    /** Writes to System.out / System.err. */
    public SubscribeCommand() {
        this(System.out, System.err);
    }

    /** For a CLI root or tests: where output goes. */
    public SubscribeCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        OutputSubscriber subscriber;
        try {
            subscriber =
                    new OutputSubscriber(
                            SubscriberSettings.builder()
                                    .bootstrapServers(bootstrapServers)
                                    .topic(topic)
                                    .startPosition(
                                            fromBeginning
                                                    ? StartPosition.EARLIEST
                                                    : StartPosition.LATEST)
                                    .audioDir(audioDir)
                                    .untilFinalEvents(untilFinal)
                                    .untilAudioFiles(untilAudio)
                                    .timeout(Duration.ofSeconds(timeoutSeconds))
                                    .build());
        } catch (IllegalArgumentException e) {
            err.println("subscribe: " + e.getMessage());
            return 1;
        }
        CountDownLatch done = new CountDownLatch(1);
        Thread hook =
                new Thread(
                        () -> {
                            subscriber.stop();
                            awaitQuietly(done);
                        },
                        "subscribe-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            SubscribeResult result = subscriber.run(new Printer());
            out.flush();
            if (!result.conditionsMet() && (untilFinal > 0 || untilAudio > 0)) {
                err.printf(
                        Locale.ROOT,
                        "subscribe: stopped with %d/%d final events and %d/%d audio files%n",
                        result.finalEvents(),
                        untilFinal,
                        result.audioFiles().size(),
                        untilAudio);
                return 2;
            }
            return 0;
        } catch (KafkaException | UncheckedIOException e) {
            err.println("subscribe: " + e.getMessage());
            return 1;
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting; the hook is running and will see the latch
            }
        }
    }

    private static void awaitQuietly(CountDownLatch done) {
        try {
            done.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Prints what the subscriber reports. */
    private final class Printer implements OutputListener {
        private boolean headerPrinted;

        @Override
        public void onEvent(ClassificationEvent event, String rawJson) {
            if (json) {
                out.println(rawJson);
            } else {
                if (!headerPrinted) {
                    out.println(EventTable.header());
                    headerPrinted = true;
                }
                out.println(EventTable.row(event));
            }
            out.flush();
        }

        @Override
        public void onAudioFile(String streamId, Path file, long frames, int sampleRate) {
            // keep stdout pure JSON lines in --json mode
            PrintStream target = json ? err : out;
            target.printf(
                    Locale.ROOT,
                    "wrote %s: stream %s, %.2f s at %d Hz%n",
                    file,
                    streamId,
                    (double) frames / sampleRate,
                    sampleRate);
        }
    }
}
