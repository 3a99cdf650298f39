package io.s4stream.audio.cli;

import io.s4stream.audio.file.AudioFileException;
import io.s4stream.audio.file.AudioFiles;
import io.s4stream.audio.kafka.AudioPublisher;
import io.s4stream.audio.kafka.Pace;
import io.s4stream.audio.kafka.PublishException;
import io.s4stream.audio.kafka.PublishListener;
import io.s4stream.audio.kafka.PublishResult;
import io.s4stream.audio.kafka.PublisherSettings;
import io.s4stream.audio.record.AudioEncoding;
import io.s4stream.audio.source.AudioSource;
import io.s4stream.audio.source.AudioSourceException;
import io.s4stream.audio.source.DecodedAudioSource;
import io.s4stream.audio.source.MicrophoneSource;
import io.s4stream.audio.source.RawPcmSource;

import org.apache.kafka.common.KafkaException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code publish FILE|-}: sends an audio file, raw PCM from stdin, or the microphone to Kafka. */
@Command(
        name = "publish",
        mixinStandardHelpOptions = true,
        description = {
            "Publish audio to Kafka as an s4stream (chunks, sequence numbers, end of stream).",
            "FILE is a WAV, AIFF or AU file (or raw PCM with --raw-rate); '-' reads raw PCM"
                    + " from stdin; --mic captures the default microphone."
        })
public final class PublishCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(
            arity = "0..1",
            paramLabel = "FILE|-",
            description = "Audio file, or '-' for raw PCM on stdin.")
    String input;

    @Option(
            names = "--bootstrap-servers",
            defaultValue = "localhost:9092",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(
            names = "--topic",
            defaultValue = "audio",
            description = "Topic to publish to (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(
            names = "--stream-id",
            description =
                    "Stream id (record key). Default: the file name without extension,"
                            + " 'stdin' or 'mic'.")
    String streamId;

    @Option(
            names = "--chunk-ms",
            defaultValue = "100",
            description = "Milliseconds of audio per record (default: ${DEFAULT-VALUE}).")
    int chunkMillis;

    @Option(names = "--fast", description = "Send as fast as possible instead of in real time.")
    boolean fast;

    @Option(
            names = "--encoding",
            defaultValue = "s16le",
            converter = EncodingConverter.class,
            description = "Encoding of the records: s16le or f32le (default: ${DEFAULT-VALUE}).")
    AudioEncoding encoding;

    @Option(
            names = "--raw-rate",
            description =
                    "Sample rate of raw PCM input (stdin, or FILE read as raw);"
                            + " capture rate with --mic (default 44100).")
    Integer rawRate;

    @Option(
            names = "--raw-channels",
            defaultValue = "1",
            description =
                    "Channels of raw PCM input or microphone capture"
                            + " (default: ${DEFAULT-VALUE}).")
    int rawChannels;

    @Option(
            names = "--raw-encoding",
            defaultValue = "s16le",
            converter = EncodingConverter.class,
            description = "Encoding of raw PCM input: s16le or f32le (default: ${DEFAULT-VALUE}).")
    AudioEncoding rawEncoding;

    @Option(names = "--mic", description = "Capture from the default microphone.")
    boolean mic;

    @Option(
            names = "--seconds",
            defaultValue = "0",
            description = "With --mic: seconds to capture (0 = until Ctrl-C).")
    double seconds;

    @Option(
            names = "--continue-seconds",
            defaultValue = "0",
            description =
                    "Ask the job for this many seconds of generated continuation"
                            + " (0 < s <= 60; 0 = none).")
    double continueSeconds;

    @Option(names = "--no-progress", description = "Do not draw the progress bar on stderr.")
    boolean noProgress;

    private final PrintStream out;
    private final PrintStream err;
    private final InputStream stdin;

    /** Writes to System.out / System.err and reads System.in. */
    public PublishCommand() {
        this(System.out, System.err, System.in);
    }

    /** For a CLI root or tests: where output goes and what '-' reads. */
    public PublishCommand(PrintStream out, PrintStream err, InputStream stdin) {
        this.out = out;
        this.err = err;
        this.stdin = stdin;
    }

    @Override
    public Integer call() {
        validate();
        try (AudioSource source = openSource();
                AudioPublisher publisher = new AudioPublisher(settings())) {
            String id = streamId != null ? streamId : defaultStreamId();
            PublishListener progress = noProgress ? PublishListener.NONE : new ProgressBar(err);
            PublishResult result = publishStoppable(publisher, id, source, progress);
            out.printf(
                    Locale.ROOT,
                    "published stream %s: %.2f s (%d Hz, %d ch) in %d records to %s at %s%n",
                    result.streamId(),
                    result.seconds(),
                    result.sampleRate(),
                    result.channels(),
                    result.records(),
                    topic,
                    bootstrapServers);
            if (result.clippedSamples() > 0) {
                err.printf(
                        "warning: %d samples were clipped to [-1, 1]%n", result.clippedSamples());
            }
            return 0;
        } catch (AudioFileException
                | AudioSourceException
                | PublishException
                | KafkaException
                | IllegalArgumentException e) {
            err.println("publish: " + e.getMessage());
            return 1;
        }
    }

    private PublishResult publishStoppable(
            AudioPublisher publisher, String id, AudioSource source, PublishListener progress) {
        CountDownLatch done = new CountDownLatch(1);
        Thread hook =
                new Thread(
                        () -> {
                            publisher.requestStop();
                            source.close();
                            awaitQuietly(done);
                        },
                        "publish-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return publisher.publish(id, source, continueSeconds, progress);
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

    private void validate() {
        if (mic && input != null) {
            throw new ParameterException(
                    spec.commandLine(), "give either FILE|- or --mic, not both");
        }
        if (!mic && input == null) {
            throw new ParameterException(spec.commandLine(), "missing FILE|- (or --mic)");
        }
        if (!mic && seconds != 0) {
            throw new ParameterException(spec.commandLine(), "--seconds applies to --mic only");
        }
        if ("-".equals(input) && rawRate == null) {
            throw new ParameterException(
                    spec.commandLine(), "reading raw PCM from stdin needs --raw-rate");
        }
        if (continueSeconds != 0 && !(continueSeconds > 0 && continueSeconds <= 60)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--continue-seconds must be in (0, 60], got " + continueSeconds);
        }
    }

    private PublisherSettings settings() {
        return PublisherSettings.builder()
                .bootstrapServers(bootstrapServers)
                .topic(topic)
                .chunkMillis(chunkMillis)
                .pace(fast ? Pace.FAST : Pace.REAL_TIME)
                .encoding(encoding)
                .build();
    }

    private AudioSource openSource() {
        if (mic) {
            return MicrophoneSource.open(rawRate == null ? 44_100 : rawRate, rawChannels, seconds);
        }
        if ("-".equals(input)) {
            return new RawPcmSource(stdin, rawEncoding, rawRate, rawChannels);
        }
        Path path = Path.of(input);
        if (rawRate != null) {
            try {
                return new RawPcmSource(
                        Files.newInputStream(path), rawEncoding, rawRate, rawChannels);
            } catch (IOException e) {
                throw new AudioFileException("cannot open " + path + ": " + e.getMessage(), e);
            }
        }
        return new DecodedAudioSource(AudioFiles.read(path));
    }

    private String defaultStreamId() {
        if (mic) {
            return "mic";
        }
        if ("-".equals(input)) {
            return "stdin";
        }
        String name = Path.of(input).getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
